using Microsoft.Extensions.Logging;
using Strangler.Sync.Hosting;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tombstones;

/// <summary>
/// Removes tombstones past <see cref="TombstoneOptions.Retention"/> from every projection's collection (documents, and
/// items of its arrays) at start and then every <see cref="TombstoneOptions.PruneInterval"/>. Without it every deleted
/// row would stay in the new service's store forever. A failed prune is logged and tried again at the next tick: the
/// tombstones only wait a little longer, and the projection is never held up by it.
/// </summary>
internal sealed partial class TombstonePruningService(
    IDocumentStore store, IReadOnlyList<ProjectionOptions> projections, TombstoneOptions options, TimeProvider time,
    ILogger<TombstonePruningService> logger)
    : PeriodicService(options.PruneInterval, time)
{
    /// <summary>One prune of every collection; what it removed, per collection.</summary>
    public async Task<IReadOnlyDictionary<string, TombstonePruneCounts>> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = Time.GetUtcNow() - options.Retention;
        var pruned = new Dictionary<string, TombstonePruneCounts>(StringComparer.Ordinal);
        // Several projections may feed one collection; each collection is pruned once, with all of their arrays.
        foreach (var collection in projections.GroupBy(p => p.Collection, StringComparer.Ordinal))
        {
            var arrays = collection.SelectMany(p => p.Children.Select(c => c.Array)).Distinct(StringComparer.Ordinal).ToList();
            pruned[collection.Key] = await store.PruneTombstonesAsync(collection.Key, arrays, cutoff, options.PruneBatchSize, cancellationToken);
        }

        return pruned;
    }

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        foreach (var (collection, counts) in await PruneAsync(stoppingToken))
        {
            if (counts.Documents > 0 || counts.ItemArrays > 0)
            {
                LogPruned(logger, collection, counts.Documents, counts.ItemArrays, options.Retention);
            }
        }
    }

    protected override void OnFailed(Exception exception) => LogPruneFailed(logger, exception, options.PruneInterval);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Collection {Collection}: pruned {Documents} tombstone documents and tombstone items from {ItemArrays} arrays older than {Retention}")]
    private static partial void LogPruned(ILogger logger, string collection, int documents, int itemArrays, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning tombstones failed; trying again in {Interval}")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception, TimeSpan interval);
}
