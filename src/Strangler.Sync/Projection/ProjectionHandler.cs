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
/// echo; its deletes still confirm the service's tombstones), project the rest, write the batch's documents in one
/// store call. Undecodable or unprojectable messages are dead-lettered; a store or echo-filter failure throws (the
/// batch is retried).
/// </summary>
internal sealed partial class ProjectionHandler(
    ChangeProjector projector, IDocumentStore store, IEchoFilter echoFilter, SyncMetrics metrics, TimeProvider time, ILogger<ProjectionHandler> logger)
    : IBatchHandler
{
    private const string Kind = "projection";

    private readonly MappedColumnCheck _mappedColumns = new(projector.Projection);

    // Made once: Writes runs for every change.
    private readonly Action<string> _mappedColumnMissing = problem => LogMappedColumnMissing(logger, projector.Projection.Name, problem);

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken cancellationToken)
    {
        var projection = projector.Projection;
        var deadLetters = new List<DeadLetter>();
        var changes = new List<(ConsumeResult<byte[]?, byte[]?> Message, ChangeEvent Change)>(batch.Count);
        foreach (var message in batch)
        {
            if (Decode(message, out var reason) is { } change)
            {
                changes.Add((message, change));
            }
            else
            {
                deadLetters.Add(new DeadLetter(message, reason!));
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
                var echo = IsEcho(change, echoes);
                var projected = Writes(projector, _mappedColumns, change, echo, _mappedColumnMissing);
                writes.AddRange(projected);
                if (echo)
                {
                    echoed += projected.Count == 0 ? 1 : 0;
                    continue;
                }

                skipped += projected.Count == 0 ? 1 : 0;
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

    /// <summary>
    /// The message's change, or null with the reason the pipeline dead-letters it under. Shared with
    /// <see cref="ProjectionTrial"/>, so that <c>strangler cdc decode --projection</c> gives the pipeline's own reason.
    /// </summary>
    internal static ChangeEvent? Decode(ConsumeResult<byte[]?, byte[]?> message, out string? deadLetterReason)
    {
        try
        {
            deadLetterReason = null;
            return DebeziumDecoder.Decode(message.Topic, message.Message.Key, message.Message.Value, message.Partition.Value, message.Offset.Value);
        }
        catch (DebeziumFormatException ex)
        {
            deadLetterReason = KeyFormatReason.For(ex, message);
            return null;
        }
    }

    /// <summary>
    /// The writes for one decoded change: for an echo (the backfill's own write) none, but for a delete that confirms
    /// the service's tombstone; otherwise the projection's, after naming each mapped column the change does not carry.
    /// Shared with <see cref="ProjectionTrial"/>.
    /// </summary>
    /// <exception cref="ProjectionException">The change cannot be projected: the pipeline dead-letters it with this message.</exception>
    internal static IReadOnlyList<DocumentWrite> Writes(
        ChangeProjector projector, MappedColumnCheck mappedColumns, ChangeEvent change, bool echo, Action<string> mappedColumnMissing)
    {
        if (echo)
        {
            return projector.ProjectEcho(change);
        }

        foreach (var problem in mappedColumns.Check(change))
        {
            mappedColumnMissing(problem);
        }

        return projector.Project(change);
    }

    /// <summary>
    /// Strangler's own write: marked so by the SQLite capture (<see cref="ChangeEvent.Origin"/>), or of a transaction
    /// the echo filter found to be the backfill's (Debezium).
    /// </summary>
    internal static bool IsEcho(ChangeEvent change, IReadOnlySet<string> echoes) =>
        change.Origin is not null || (change.TransactionId is { } transactionId && echoes.Contains(transactionId));

    private async Task<IReadOnlySet<string>> FindEchoesAsync(IEnumerable<ChangeEvent> changes, CancellationToken cancellationToken)
    {
        // A change that says it is Strangler's own needs no look-up.
        var transactionIds = changes.Where(c => c.Origin is null).Select(c => c.TransactionId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return transactionIds.Count == 0
            ? new HashSet<string>()
            : await echoFilter.FindBackfillTransactionsAsync(transactionIds, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: {Problem}; that mapping is not applied; fix the setting and restart the worker (documents projected before keep what it wrote until their rows change)")]
    private static partial void LogMappedColumnMissing(ILogger logger, string pipeline, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pipeline {Pipeline}: skipped {Changes} changes the backfill wrote (echo; {Transactions} transactions found by the echo filter)")]
    private static partial void LogEchoesSkipped(ILogger logger, string pipeline, int changes, int transactions);
}
