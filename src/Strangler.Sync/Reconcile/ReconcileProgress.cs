namespace Strangler.Sync.Reconcile;

/// <summary>Where a running job is, reported after each batch.</summary>
/// <param name="Phase">What is being read: <c>legacy keys</c>, <c>store ids</c> or <c>rows</c>.</param>
/// <param name="KeysDone">Keys done so far (in all phases, including a resumed run's earlier ones).</param>
/// <param name="KeysTotal">Keys to do, when known (counted at the start, or the catalogue's estimate: <see cref="TotalEstimated"/>).</param>
/// <param name="Findings">Findings so far.</param>
/// <param name="KeysPerSecond">Keys done per second in this run.</param>
public sealed record ReconcileProgress(string Phase, long KeysDone, long? KeysTotal, long Findings, double KeysPerSecond)
{
    /// <summary>
    /// The total is the database catalogue's estimate of a big table's rows, not a count (which would have read the
    /// whole table first): it may be passed, or not reached.
    /// </summary>
    public bool TotalEstimated { get; init; }

    /// <summary>
    /// What the job has been waiting for, with no answer, since its last batch (<c>waiting 12 s for the store file
    /// /srv/crm/crm.db, ...</c>); null while it is answered.
    /// </summary>
    public string? Waiting { get; init; }

    /// <summary>How long the job has waited with no answer, as <see cref="Waiting"/> says; null while it is answered.</summary>
    public TimeSpan? WaitedFor { get; init; }

    internal static ReconcileProgress At(string phase, long keysDone, Reading.KeyTotal? total, long findings, double keysPerSecond) =>
        new(phase, keysDone, total?.Rows, findings, keysPerSecond) { TotalEstimated = total?.Estimated ?? false };
}
