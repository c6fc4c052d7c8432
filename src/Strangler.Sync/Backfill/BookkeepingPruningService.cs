using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Runs the <see cref="BookkeepingPruner"/> at start and then every <see cref="BackfillOptions.PruneInterval"/>. A
/// failed prune (the legacy database unreachable, a lock timeout) is logged and tried again at the next tick: the
/// rows only wait a little longer, and the backfill itself is never held up by it.
/// </summary>
internal sealed partial class BookkeepingPruningService(
    BookkeepingPruner pruner, BackfillOptions options, TimeProvider timeProvider, ILogger<BookkeepingPruningService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PruneInterval, timeProvider);
        do
        {
            try
            {
                var counts = await pruner.PruneAsync(stoppingToken);
                if (counts.AppliedEvents > 0 || counts.SyncOrigins > 0)
                {
                    LogPruned(logger, options.Pipeline, counts.AppliedEvents, counts.SyncOrigins);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(logger, ex, options.Pipeline, options.PruneInterval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Backfill {Pipeline} pruned {AppliedEvents} applied-event ids and {SyncOrigins} sync-origin markers past their retention")]
    private static partial void LogPruned(ILogger logger, string pipeline, int appliedEvents, int syncOrigins);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill {Pipeline}: pruning bookkeeping rows failed; trying again in {Interval}")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception, string pipeline, TimeSpan interval);
}
