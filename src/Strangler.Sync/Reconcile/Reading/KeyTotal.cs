namespace Strangler.Sync.Reconcile.Reading;

/// <summary>The rows of a job's root table, counted or, for a big table, the catalogue's estimate (<see cref="KeyCount"/>).</summary>
internal sealed record KeyTotal(long Rows, bool Estimated);
