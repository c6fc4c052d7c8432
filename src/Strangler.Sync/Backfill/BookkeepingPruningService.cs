using Microsoft.Extensions.Logging;
using Strangler.Sync.Hosting;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Runs the <see cref="BookkeepingPruner"/> at start and then every <see cref="BackfillOptions.PruneInterval"/>. A
/// failed prune (the legacy database unreachable, a lock timeout) is logged and tried again at the next tick: the
/// rows only wait a little longer, and the backfill itself is never held up by it.
/// </summary>
internal sealed partial class BookkeepingPruningService(
    BookkeepingPruner pruner, BackfillOptions options, TimeProvider timeProvider, ILogger<BookkeepingPruningService> logger)
    : PeriodicService(options.PruneInterval, timeProvider)
{
    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var counts = await pruner.PruneAsync(stoppingToken);
        if (counts.AppliedEvents > 0 || counts.SyncOrigins > 0)
        {
            LogPruned(logger, options.Pipeline, counts.AppliedEvents, counts.SyncOrigins);
        }
    }

    protected override void OnFailed(Exception exception) => LogPruneFailed(logger, exception, options.Pipeline, options.PruneInterval);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Backfill {Pipeline} pruned {AppliedEvents} applied-event ids and {SyncOrigins} sync-origin markers past their retention")]
    private static partial void LogPruned(ILogger logger, string pipeline, int appliedEvents, int syncOrigins);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill {Pipeline}: pruning bookkeeping rows failed; trying again in {Interval}")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception, string pipeline, TimeSpan interval);
}
