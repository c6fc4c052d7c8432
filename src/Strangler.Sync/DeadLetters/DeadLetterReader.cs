using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Strangler.Kafka;

namespace Strangler.Sync.DeadLetters;

/// <summary>
/// Reads a dead-letter topic from its start to its current end, without a consumer group (reading changes no
/// offsets, so listing is safe to repeat), one message at a time.
/// </summary>
/// <param name="bootstrapServers">The Kafka bootstrap servers.</param>
/// <param name="kafka">librdkafka settings for the reader's consumer.</param>
/// <param name="loggers">Where the consumer's own log and errors go (category <c>Strangler.Sync.Kafka.Consumer</c>);
/// none drops them, and the reader's exceptions still say what failed.</param>
/// <param name="time">The clock the timeouts are kept by (the system's when none).</param>
public sealed class DeadLetterReader(
    string bootstrapServers, IReadOnlyDictionary<string, string>? kafka = null, ILoggerFactory? loggers = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private static readonly TimeSpan MetadataSlice = TimeSpan.FromSeconds(1);

    /// <summary>Every message now in <paramref name="deadLetterTopic"/>, by partition then offset, in a list.</summary>
    /// <inheritdoc cref="Read" path="/param"/>
    /// <exception cref="TimeoutException">No message came for <paramref name="timeout"/> before the end.</exception>
    public IReadOnlyList<DeadLetterRecord> ReadAll(string deadLetterTopic, TimeSpan timeout) => [.. Read(deadLetterTopic, timeout)];

    /// <summary>
    /// The messages in <paramref name="deadLetterTopic"/>, by partition then offset, each as it is read: one partition
    /// at a time, so nothing but the message at hand and librdkafka's read-ahead of that partition is held, whatever
    /// the topic's size (a topic of a million dead letters after an outage is when a replay is needed most). Each
    /// partition is read to the end it had when the enumeration began.
    /// </summary>
    /// <param name="deadLetterTopic">The dead-letter topic.</param>
    /// <param name="timeout">The longest wait for an answer: for the topic's partitions, for their ends, and for the
    /// next message while reading. A long topic is read to its end however long that takes, as long as messages come.</param>
    /// <param name="upTo">Read each partition only up to this offset (exclusive), and no partition it leaves out:
    /// to read again exactly what an earlier enumeration saw, by <see cref="DeadLetterRecord.Partition"/>.</param>
    /// <exception cref="TimeoutException">No message came for <paramref name="timeout"/> before the end.</exception>
    public IEnumerable<DeadLetterRecord> Read(string deadLetterTopic, TimeSpan timeout, IReadOnlyDictionary<int, long>? upTo = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "strangler-dlq-reader",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            ClientId = "strangler-dlq-reader",
            // librdkafka reads ahead up to 64 MB by default; a listing needs far less to keep the broker busy.
            QueuedMaxMessagesKbytes = 8192,
        };
        foreach (var (key, value) in kafka ?? new Dictionary<string, string>())
        {
            config.Set(key, value);
        }

        var log = KafkaClientLog.For(loggers, KafkaLogCategories.SyncConsumer, config);
        var brokersDown = new BrokersDown();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, message) => log.OnLog(message))
            .SetErrorHandler((client, error) =>
            {
                log.OnError(client.Name, error);
                brokersDown.Observe(error);
            })
            .Build();

        // Every partition's end is taken first: what is read is the topic as it was when asked, not one that grows
        // while a long listing or replay goes on.
        var ranges = new List<(TopicPartition Partition, long End)>();
        var expected = 0L; // messages between the partitions' starts (after retention) and ends, for the timeout's message
        foreach (var partition in Partitions(consumer, deadLetterTopic, timeout, brokersDown).OrderBy(p => p.Partition.Value))
        {
            var offsets = consumer.QueryWatermarkOffsets(partition, timeout);
            var end = upTo is null ? offsets.High.Value
                : upTo.TryGetValue(partition.Partition.Value, out var bound) ? Math.Min(bound, offsets.High.Value) : 0;
            if (end > offsets.Low.Value)
            {
                ranges.Add((partition, end));
                expected += end - offsets.Low.Value;
            }
        }

        var read = 0L;
        foreach (var (partition, end) in ranges)
        {
            consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
            var deadline = _time.GetUtcNow() + timeout;
            while (true)
            {
                if (_time.GetUtcNow() > deadline)
                {
                    throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                        $"Reading '{deadLetterTopic}' got no message for {timeout.TotalSeconds:0} s, {read} of about {expected} read, before its end."));
                }

                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                // A message of the partition before (read ahead past an upTo bound) is no concern of this one.
                if (result is null || result.TopicPartition != partition)
                {
                    continue;
                }

                // Messages are coming: a topic that takes longer than the timeout to read through is read to its end
                // (the whole read had to fit in 30 s, which a big dead-letter topic on a distant broker did not).
                deadline = _time.GetUtcNow() + timeout;
                if (result.IsPartitionEOF || result.Offset.Value >= end)
                {
                    break;
                }

                read++;
                yield return ToRecord(result);
                if (result.Offset.Value + 1 >= end)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The topic's partitions. Asked in slices of <see cref="MetadataSlice"/> rather than once for the whole timeout,
    /// so that a cluster none of whose brokers can be reached (librdkafka's <c>Local_AllBrokersDown</c>: a closed port,
    /// a refused TLS handshake, a wrong host) fails within about a second instead of after the whole timeout (30 s for
    /// <c>strangler dlq</c>), while one that is slow to answer still has the whole timeout.
    /// </summary>
    private List<TopicPartition> Partitions(IConsumer<byte[]?, byte[]?> consumer, string topic, TimeSpan timeout, BrokersDown brokersDown)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var deadline = _time.GetUtcNow() + timeout;
        Metadata answer;
        while (true)
        {
            var left = deadline - _time.GetUtcNow();
            try
            {
                answer = admin.GetMetadata(topic, left < MetadataSlice ? TimeSpan.FromTicks(Math.Max(left.Ticks, TimeSpan.TicksPerMillisecond)) : MetadataSlice);
                break;
            }
            catch (KafkaException ex) when (ex.Error.IsLocalError && _time.GetUtcNow() < deadline)
            {
                // A consumer's error events reach its handler only while it is polled; it is assigned nothing yet, so
                // this returns no message, only the events waiting.
                consumer.Consume(TimeSpan.Zero);
                if (brokersDown.Error is { } down)
                {
                    throw new KafkaException(down);
                }
            }
        }

        var metadata = answer.Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.Code == ErrorCode.UnknownTopicOrPart || metadata.Partitions.Count == 0)
        {
            return [];
        }

        return metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
    }

    private static DeadLetterRecord ToRecord(ConsumeResult<byte[]?, byte[]?> result)
    {
        var headers = result.Message.Headers ?? [];
        string Header(string key) =>
            headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : string.Empty;
        return new DeadLetterRecord
        {
            Topic = result.Topic,
            Partition = result.Partition.Value,
            Offset = result.Offset.Value,
            Timestamp = result.Message.Timestamp.UtcDateTime,
            Reason = Header(DeadLetterHeaders.Reason),
            SourceTopic = Header(DeadLetterHeaders.SourceTopic),
            SourcePartition = int.TryParse(Header(DeadLetterHeaders.SourcePartition), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : -1,
            SourceOffset = long.TryParse(Header(DeadLetterHeaders.SourceOffset), NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : -1,
            Key = result.Message.Key,
            Value = result.Message.Value,
            ValueNotKept = headers.TryGetLastBytes(DeadLetterHeaders.ValueNotKept, out _)
                && long.TryParse(Header(DeadLetterHeaders.ValueNotKept), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : null,
            Headers = headers.Where(h => !DeadLetterHeaders.IsDeadLetterHeader(h.Key))
                .Select(h => KeyValuePair.Create(h.Key, h.GetValueBytes())).ToList(),
        };
    }

    /// <summary>librdkafka's report that every broker it knows is down; kept once made, as a later slice without an
    /// answer means none came up.</summary>
    private sealed class BrokersDown
    {
        private volatile Error? _error;

        public Error? Error => _error;

        public void Observe(Error error) => _error = error.Code == ErrorCode.Local_AllBrokersDown ? error : _error;
    }
}
