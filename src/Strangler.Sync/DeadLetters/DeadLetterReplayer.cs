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
    /// <summary>Replays the given records (e.g. from <see cref="DeadLetterReader"/>, filtered); returns how many.</summary>
    public async Task<int> ReplayAsync(IReadOnlyList<DeadLetterRecord> records, CancellationToken cancellationToken)
    {
        var missing = records.FirstOrDefault(r => string.IsNullOrEmpty(r.SourceTopic));
        if (missing is not null)
        {
            throw new InvalidOperationException(
                $"Dead letter {missing.Topic}[{missing.Partition}]@{missing.Offset} has no '{DeadLetterHeaders.SourceTopic}' header; nothing was replayed.");
        }

        // Replaying it would put an empty value (a tombstone) where the message was.
        var withoutValue = records.FirstOrDefault(r => r.ValueNotKept is not null);
        if (withoutValue is not null)
        {
            throw new InvalidOperationException(
                $"Dead letter {withoutValue.Topic}[{withoutValue.Partition}]@{withoutValue.Offset} kept no value (the message, {withoutValue.ValueNotKept} bytes, "
                + $"was too large for the dead-letter topic); it is at {withoutValue.SourceTopic}[{withoutValue.SourcePartition}]@{withoutValue.SourceOffset}: "
                + "copy it from there, and replay the others by --offset; nothing was replayed.");
        }

        var config = new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, EnableIdempotence = true, ClientId = "strangler-dlq-replay" };
        foreach (var (key, value) in kafka ?? new Dictionary<string, string>())
        {
            config.Set(key, value);
        }

        using var producer = new ProducerBuilder<byte[]?, byte[]?>(config)
            .LogTo(KafkaClientLog.For(loggers, KafkaLogCategories.SyncProducer, config)).Build();
        foreach (var record in records)
        {
            // One at a time, awaited: replayed messages keep their order per source partition.
            var headers = new Headers();
            foreach (var (key, value) in record.Headers)
            {
                headers.Add(key, value);
            }

            await producer.ProduceAsync(
                record.SourceTopic,
                new Message<byte[]?, byte[]?> { Key = record.Key, Value = record.Value, Headers = headers },
                cancellationToken);
        }

        return records.Count;
    }
}
