namespace Strangler.Gateway.Shadow;

/// <summary>
/// Diffy's rule for telling a real difference from noise: a field is reported only when its legacy-vs-new difference
/// rate exceeds its legacy-vs-legacy rate by more than an absolute margin and by more than a relative one.
/// </summary>
internal static class NoiseJudge
{
    public static bool IsReported(double diffRate, double noiseRate, double relativeThreshold, double absoluteThreshold)
    {
        var excess = diffRate - noiseRate;
        return excess > absoluteThreshold && (noiseRate == 0 || excess / noiseRate > relativeThreshold);
    }
}
