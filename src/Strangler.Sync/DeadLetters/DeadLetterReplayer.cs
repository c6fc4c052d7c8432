using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Strangler.Kafka;

namespace Strangler.Sync.DeadLetters;

/// <summary>
/// Re-drives dead letters: produces each back to its source topic with its original key, value and headers, so the
/// pipeline consumes it again (after the cause was fixed). Projections ignore what they already applied, so a replay
/// is safe to repeat.
/// </summary>
/// <param name="bootstrapServers">The Kafka bootstrap servers.</param>
/// <param name="kafka">librdkafka settings for the replay's producer.</param>
/// <param name="loggers">Where the producer's own log and errors go (category <c>Strangler.Sync.Kafka.Producer</c>);
/// none drops them, and the replay's exceptions still say what failed.</param>
public sealed class DeadLetterReplayer(
    string bootstrapServers, IReadOnlyDictionary<string, string>? kafka = null, ILoggerFactory? loggers = null)
{
    // Sends in flight at once: the producer is idempotent, so they keep their order per partition, and a replay of a
    // million dead letters no longer waits a round trip for each.
    private const int InFlight = 1000;

    /// <summary>
    /// Replays the given records (e.g. from <see cref="DeadLetterReader"/>, filtered), after checking every one of
    /// them with <see cref="Refusal"/>: one refused, and nothing is replayed. Returns how many were.
    /// </summary>
    /// <exception cref="InvalidOperationException">A record cannot be replayed; nothing was.</exception>
    public async Task<int> ReplayAsync(IReadOnlyList<DeadLetterRecord> records, CancellationToken cancellationToken)
    {
        if (records.Select(Refusal).FirstOrDefault(r => r is not null) is { } refusal)
        {
            throw new InvalidOperationException(refusal + "; nothing was replayed.");
        }

        return await ReplayEachAsync(records, cancellationToken);
    }

    /// <summary>
    /// Replays records as they come (as <see cref="DeadLetterReader.Read"/> streams them), each produced back to its
    /// source topic with its key, value and headers; returns how many were. Check them with <see cref="Refusal"/>
    /// before: one refused here stops the replay at it, those before it replayed.
    /// </summary>
    /// <exception cref="InvalidOperationException">A record cannot be replayed; the message says how many went before it.</exception>
    public async Task<int> ReplayEachAsync(IEnumerable<DeadLetterRecord> records, CancellationToken cancellationToken)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, EnableIdempotence = true, ClientId = "strangler-dlq-replay" };
        foreach (var (key, value) in kafka ?? new Dictionary<string, string>())
        {
            config.Set(key, value);
        }

        using var producer = new ProducerBuilder<byte[]?, byte[]?>(config)
            .LogTo(KafkaClientLog.For(loggers, KafkaLogCategories.SyncProducer, config)).Build();
        var pending = new Queue<Task>();
        var replayed = 0;
        foreach (var record in records)
        {
            if (Refusal(record) is { } refusal)
            {
                replayed += await DrainAsync(pending);
                throw new InvalidOperationException($"{refusal}; {replayed} replayed before it, none after.");
            }

            var headers = new Headers();
            foreach (var (key, value) in record.Headers)
            {
                headers.Add(key, value);
            }

            pending.Enqueue(producer.ProduceAsync(
                record.SourceTopic,
                new Message<byte[]?, byte[]?> { Key = record.Key, Value = record.Value, Headers = headers },
                cancellationToken));
            if (pending.Count >= InFlight)
            {
                await pending.Dequeue();
                replayed++;
            }
        }

        return replayed + await DrainAsync(pending);
    }

    /// <summary>Why <paramref name="record"/> cannot be replayed, or null when it can.</summary>
    public static string? Refusal(DeadLetterRecord record) =>
        string.IsNullOrEmpty(record.SourceTopic)
            ? $"Dead letter {record.Topic}[{record.Partition}]@{record.Offset} has no '{DeadLetterHeaders.SourceTopic}' header"
        // Replaying it would put an empty value (a tombstone) where the message was.
        : record.ValueNotKept is { } size
            ? $"Dead letter {record.Topic}[{record.Partition}]@{record.Offset} kept no value (the message, {size} bytes, "
              + $"was too large for the dead-letter topic); it is at {record.SourceTopic}[{record.SourcePartition}]@{record.SourceOffset}: "
              + "copy it from there, and replay the others by --offset"
        : null;

    private static async Task<int> DrainAsync(Queue<Task> pending)
    {
        var count = 0;
        while (pending.Count > 0)
        {
            await pending.Dequeue();
            count++;
        }

        return count;
    }
}
