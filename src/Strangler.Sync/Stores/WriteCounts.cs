namespace Strangler.Sync.Stores;

/// <summary>How many writes of a batch changed the store, and how many were ignored as stale or duplicate.</summary>
/// <param name="Applied">Writes that changed something.</param>
/// <param name="Skipped">Writes whose position was not after the stored one.</param>
internal readonly record struct WriteCounts(int Applied, int Skipped)
{
    /// <summary>Adds two counts.</summary>
    public static WriteCounts operator +(WriteCounts a, WriteCounts b) => new(a.Applied + b.Applied, a.Skipped + b.Skipped);
}
