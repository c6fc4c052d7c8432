namespace Strangler.Gateway.Shadow;

/// <summary>Shadow requests compared over a window, and how many of them differed.</summary>
/// <param name="Compared">Requests whose shadow answer was compared with the primary's.</param>
/// <param name="Differing">Compared requests with at least one reported difference.</param>
public readonly record struct ShadowDiffCounts(long Compared, long Differing)
{
    /// <summary>Differing over compared, or null when nothing was compared (too little data to judge).</summary>
    public double? DiffRate => Compared == 0 ? null : (double)Differing / Compared;
}
