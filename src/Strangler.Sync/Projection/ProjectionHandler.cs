using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Strangler.Sync.Consuming;
using Strangler.Sync.Debezium;
using Strangler.Sync.Echo;
using Strangler.Sync.Metrics;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Projection;

/// <summary>
/// The projection pipeline's batch handler: decode every message, drop the changes the backfill itself wrote (no
/// echo), project the rest, write the batch's documents in one store call. Undecodable or unprojectable messages are
/// dead-lettered; a store or echo-filter failure throws (the batch is retried).
/// </summary>
internal sealed partial class ProjectionHandler(
    ChangeProjector projector, IDocumentStore store, IEchoFilter echoFilter, SyncMetrics metrics, TimeProvider time, ILogger<ProjectionHandler> logger)
    : IBatchHandler
{
    private const string Kind = "projection";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken cancellationToken)
    {
        var projection = projector.Projection;
        var deadLetters = new List<DeadLetter>();
        var changes = new List<(ConsumeResult<byte[]?, byte[]?> Message, ChangeEvent Change)>(batch.Count);
        foreach (var message in batch)
        {
            try
            {
                changes.Add((message, DebeziumDecoder.Decode(message.Topic, message.Message.Key, message.Message.Value, message.Partition.Value, message.Offset.Value)));
            }
            catch (DebeziumFormatException ex)
            {
                deadLetters.Add(new DeadLetter(message, ex.Message));
            }
        }

        // One look-up per batch; a failure (database unreachable) propagates so that the whole batch is retried.
        var echoes = await FindEchoesAsync(changes.Select(c => c.Change), cancellationToken);
        var writes = new List<DocumentWrite>(changes.Count);
        var timestamps = new List<DateTimeOffset>();
        var skipped = 0;
        var echoed = 0;
        foreach (var (message, change) in changes)
        {
            try
            {
                if (change.TransactionId is { } transactionId && echoes.Contains(transactionId))
                {
                    // The backfill's own write: skipped, but for a delete that confirms the service's tombstone.
                    var confirmations = projector.ProjectEcho(change);
                    echoed += confirmations.Count == 0 ? 1 : 0;
                    writes.AddRange(confirmations);
                    continue;
                }

                var projected = projector.Project(change);
                skipped += projected.Count == 0 ? 1 : 0;
                writes.AddRange(projected);
                if (change.Timestamp is { } timestamp)
                {
                    timestamps.Add(timestamp);
                }
            }
            catch (ProjectionException ex)
            {
                deadLetters.Add(new DeadLetter(message, ex.Message));
            }
        }

        if (echoed > 0)
        {
            LogEchoesSkipped(logger, projection.Name, echoed, echoes.Count);
        }

        var counts = writes.Count == 0 ? default : await store.ApplyAsync(projection.Collection, writes, cancellationToken);
        metrics.Applied(projection.Name, Kind, counts.Applied);
        metrics.Skipped(projection.Name, Kind, counts.Skipped + skipped + echoed);
        var now = time.GetUtcNow();
        foreach (var timestamp in timestamps)
        {
            metrics.Lag(projection.Name, Kind, now - timestamp);
        }

        return BatchOutcome.WithDeadLetters(deadLetters);
    }

    private async Task<IReadOnlySet<string>> FindEchoesAsync(IEnumerable<ChangeEvent> changes, CancellationToken cancellationToken)
    {
        var transactionIds = changes.Select(c => c.TransactionId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return transactionIds.Count == 0
            ? new HashSet<string>()
            : await echoFilter.FindBackfillTransactionsAsync(transactionIds, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pipeline {Pipeline}: skipped {Changes} changes of {Transactions} backfill transactions (echo)")]
    private static partial void LogEchoesSkipped(ILogger logger, string pipeline, int changes, int transactions);
}
