namespace Strangler.Sync.Reconcile;

/// <summary>Where a running job is, reported after each batch.</summary>
/// <param name="Phase">What is being read: <c>legacy keys</c>, <c>store ids</c> or <c>rows</c>.</param>
/// <param name="KeysDone">Keys done so far (in all phases, including a resumed run's earlier ones).</param>
/// <param name="KeysTotal">Keys to do, when known (an estimate counted at the start).</param>
/// <param name="Findings">Findings so far.</param>
/// <param name="KeysPerSecond">Keys done per second in this run.</param>
public sealed record ReconcileProgress(string Phase, long KeysDone, long? KeysTotal, long Findings, double KeysPerSecond);
