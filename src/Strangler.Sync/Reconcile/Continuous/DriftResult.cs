namespace Strangler.Sync.Reconcile.Continuous;

/// <summary>The latest continuous check of one projection.</summary>
/// <param name="Projection">The projection's name.</param>
/// <param name="At">When the check ended.</param>
/// <param name="Sampled">Keys checked.</param>
/// <param name="Differing">Keys that still differed after the recheck (any finding, errors included).</param>
/// <param name="CatchingUp">
/// Why the check is no evidence of drift, when the projection's pipeline was still catching up as it ended (its lag
/// longer than the recheck's wait, or not measured yet): a key on its way through CDC differs after the recheck too.
/// Null when the pipeline was caught up, or when this worker holds none of its partitions and cannot tell.
/// </param>
internal sealed record DriftResult(string Projection, DateTimeOffset At, int Sampled, int Differing, string? CatchingUp = null)
{
    /// <summary>Differing keys over sampled keys (0 when nothing was sampled).</summary>
    public double Drift => Sampled == 0 ? 0 : (double)Differing / Sampled;
}
