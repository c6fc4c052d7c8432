namespace Strangler.Sync.Stores;

/// <summary>What one prune removed.</summary>
/// <param name="Documents">Tombstone documents deleted.</param>
/// <param name="ItemArrays">Arrays (one per document) from which tombstone items were removed.</param>
internal readonly record struct TombstonePruneCounts(int Documents, int ItemArrays)
{
    /// <summary>Adds two counts.</summary>
    public static TombstonePruneCounts operator +(TombstonePruneCounts a, TombstonePruneCounts b) =>
        new(a.Documents + b.Documents, a.ItemArrays + b.ItemArrays);
}
