namespace Strangler.Sync.Reconcile.Continuous;

/// <summary>The latest continuous check of one projection.</summary>
/// <param name="Projection">The projection's name.</param>
/// <param name="At">When the check ended.</param>
/// <param name="Sampled">Keys checked: legacy keys and ids of the new store's documents.</param>
/// <param name="Differing">Keys that still differed after the recheck (any finding, errors included), of both halves.</param>
/// <param name="CatchingUp">
/// Why the check is no evidence of drift, when the projection's pipeline was still catching up as it ended (its lag
/// longer than the recheck's wait, or not measured yet): a key on its way through CDC differs after the recheck too.
/// Null when the pipeline was caught up, or when this worker holds none of its partitions and cannot tell.
/// </param>
/// <param name="Partitions">
/// How many partitions of the projection's pipeline this worker held as the check ended; null when it does not track
/// them. At 0 (still joining its consumer group, or another worker of the group holds them all) the worker has no lag
/// of its own to tell a change on its way from drift, so the check is no evidence either way: the rollout's drift gate
/// goes by a worker that holds them.
/// </param>
/// <param name="Skipped">
/// Why no keys were checked (<c>no partitions assigned</c>: this worker held none of the pipeline's partitions as the
/// check began or ended, so its figures could not be told from changes on their way); null for a check that ran.
/// </param>
/// <param name="SampledFromNew">How many of <paramref name="Sampled"/> were ids of the new store's documents (the rest
/// legacy keys): the half that finds a document whose legacy row is gone.</param>
/// <param name="DifferingFromNew">How many of <paramref name="Differing"/> were of those ids.</param>
internal sealed record DriftResult(
    string Projection, DateTimeOffset At, int Sampled, int Differing, string? CatchingUp = null, int? Partitions = null, string? Skipped = null,
    int SampledFromNew = 0, int DifferingFromNew = 0)
{
    /// <summary>
    /// The worse of the two halves' shares of differing keys (0 when nothing was sampled). Each half estimates a problem
    /// of its own side: a row with no document is only ever sampled from legacy, a document with no row only from the
    /// store. Their share of the whole sample was the mean of the two, so a delete CDC missed on 10 % of the documents
    /// read as 5 % drift, under a gate of 8 %.
    /// </summary>
    public double Drift => Math.Max(
        Share(Differing - DifferingFromNew, Sampled - SampledFromNew), Share(DifferingFromNew, SampledFromNew));

    private static double Share(int differing, int sampled) => sampled == 0 ? 0 : (double)differing / sampled;
}
