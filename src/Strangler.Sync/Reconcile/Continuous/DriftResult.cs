namespace Strangler.Sync.Reconcile.Continuous;

/// <summary>The latest continuous check of one projection.</summary>
/// <param name="Projection">The projection's name.</param>
/// <param name="At">When the check ended.</param>
/// <param name="Sampled">Keys checked.</param>
/// <param name="Differing">Keys that still differed after the recheck (any finding, errors included).</param>
internal sealed record DriftResult(string Projection, DateTimeOffset At, int Sampled, int Differing)
{
    /// <summary>Differing keys over sampled keys (0 when nothing was sampled).</summary>
    public double Drift => Sampled == 0 ? 0 : (double)Differing / Sampled;
}
