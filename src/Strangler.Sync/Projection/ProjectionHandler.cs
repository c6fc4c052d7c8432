using Confluent.Kafka;
using Strangler.Sync.Consuming;
using Strangler.Sync.Debezium;
using Strangler.Sync.Metrics;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Projection;

/// <summary>
/// The projection pipeline's batch handler: decode every message, project it, write the batch's documents in one
/// store call. Undecodable or unprojectable messages are dead-lettered; a store failure throws (the batch is retried).
/// </summary>
internal sealed class ProjectionHandler(ChangeProjector projector, IDocumentStore store, SyncMetrics metrics, TimeProvider time) : IBatchHandler
{
    private const string Kind = "projection";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken cancellationToken)
    {
        var projection = projector.Projection;
        var writes = new List<DocumentWrite>(batch.Count);
        var deadLetters = new List<DeadLetter>();
        var timestamps = new List<DateTimeOffset>();
        var tombstones = 0;
        foreach (var message in batch)
        {
            try
            {
                var change = DebeziumDecoder.Decode(message.Topic, message.Message.Key, message.Message.Value, message.Partition.Value, message.Offset.Value);
                var projected = projector.Project(change);
                tombstones += projected.Count == 0 ? 1 : 0;
                writes.AddRange(projected);
                if (change.Timestamp is { } timestamp)
                {
                    timestamps.Add(timestamp);
                }
            }
            catch (Exception ex) when (ex is DebeziumFormatException or ProjectionException)
            {
                deadLetters.Add(new DeadLetter(message, ex.Message));
            }
        }

        var counts = writes.Count == 0 ? default : await store.ApplyAsync(projection.Collection, writes, cancellationToken).ConfigureAwait(false);
        metrics.Applied(projection.Name, Kind, counts.Applied);
        metrics.Skipped(projection.Name, Kind, counts.Skipped + tombstones);
        var now = time.GetUtcNow();
        foreach (var timestamp in timestamps)
        {
            metrics.Lag(projection.Name, Kind, now - timestamp);
        }

        return BatchOutcome.WithDeadLetters(deadLetters);
    }
}
