using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Strangler.Kafka;

namespace Strangler.Sync.BulkLoad;

/// <summary>
/// Hands a projection over from the bulk load to CDC. Before the load reads anything, the end offsets of the
/// projection's topics are taken (then the log position, see <see cref="BulkLoader"/>); after the load, the pipeline's
/// consumer group is pointed at those offsets, unless it already has committed offsets (a pipeline that was running
/// goes on from where it is). Every change committed after the offsets were taken is at or after them, so CDC
/// replays it; a replayed change the load already read is at or before the load's position and the store's position
/// guard skips it, while a later one applies over the loaded document in log order.
/// </summary>
/// <param name="bootstrapServers">The cluster.</param>
/// <param name="kafka">librdkafka settings for every client.</param>
/// <param name="loggers">Where the clients' own log and errors go; none drops them.</param>
/// <param name="consumerKafka">The projection consumers' own settings: an <c>auto.offset.reset</c> there or in
/// <paramref name="kafka"/> decides where a group without offsets starts.</param>
/// <param name="timeout">How long each request to Kafka may take (default 30 s).</param>
internal sealed class CdcHandover(
    string bootstrapServers, IReadOnlyDictionary<string, string> kafka, IReadOnlyDictionary<string, string>? consumerKafka = null,
    ILoggerFactory? loggers = null, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(30);

    /// <summary>
    /// The end offset of every partition of <paramref name="topics"/>, as <c>topic/partition</c> to offset. Throws
    /// <see cref="InvalidOperationException"/> (its inner exception a <see cref="KafkaException"/>), naming the Kafka and
    /// the topics, when they cannot be read: the load has read nothing yet.
    /// </summary>
    public Dictionary<string, long> EndOffsets(IReadOnlyList<string> topics)
    {
        try
        {
            return ReadEndOffsets(topics);
        }
        catch (KafkaException ex)
        {
            // librdkafka's bare "Local: Broker transport failure" ended the load as an unexpected error, after 30 s.
            throw new InvalidOperationException(
                $"Kafka at {bootstrapServers} (Strangler:Sync:BootstrapServers) did not give the end offsets of {string.Join(", ", topics)}, " +
                $"which a load takes before it reads anything so that CDC goes on from them: {ex.Error.Reason} ({ex.Error.Code}); nothing was loaded. " +
                "Run it again once Kafka answers (or without Strangler:Sync:BootstrapServers to load with no hand-over to CDC).", ex);
        }
    }

    private Dictionary<string, long> ReadEndOffsets(IReadOnlyList<string> topics)
    {
        var adminConfig = Config<AdminClientConfig>();
        using var admin = new AdminClientBuilder(adminConfig).LogTo(Log(KafkaLogCategories.SyncAdmin, adminConfig)).Build();
        var consumerConfig = Config<ConsumerConfig>(c => c.GroupId = "strangler-load-offsets");
        using var consumer = new ConsumerBuilder<byte[], byte[]>(consumerConfig).LogTo(Log(KafkaLogCategories.SyncConsumer, consumerConfig)).Build();
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, _timeout).Topics.SingleOrDefault(t => t.Topic == topic);
            if (metadata is null || metadata.Error.IsError)
            {
                throw new KafkaException(metadata?.Error ?? new Error(ErrorCode.UnknownTopicOrPart, $"topic '{topic}' not found"));
            }

            foreach (var partition in metadata.Partitions)
            {
                var high = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition.PartitionId), _timeout).High.Value;
                offsets[$"{topic}/{partition.PartitionId}"] = high;
            }
        }

        return offsets;
    }

    /// <summary>
    /// Commits <paramref name="offsets"/> for <paramref name="groupId"/> when it has none; returns what it found. A group
    /// with members (a running worker) and no offsets is left alone: it reads its topics from their start. Throws
    /// <see cref="InvalidOperationException"/>, naming the group, when such a group's consumers start at the end instead
    /// (<c>auto.offset.reset</c> latest), as they would skip the changes made during the load.
    /// </summary>
    /// <remarks>Any other Kafka failure is an <see cref="InvalidOperationException"/> saying that the load is done and
    /// that the same command, run again, only hands over (its checkpoint is past the rows).</remarks>
    public LoadHandover HandOver(string groupId, IReadOnlyDictionary<string, long> offsets)
    {
        try
        {
            return PointGroup(groupId, offsets);
        }
        catch (KafkaException ex)
        {
            throw new InvalidOperationException(
                $"every key is loaded, but the consumer group '{groupId}' could not be pointed at the offsets taken before the load: " +
                $"Kafka at {bootstrapServers} (Strangler:Sync:BootstrapServers) answered {ex.Error.Reason} ({ex.Error.Code}). " +
                "Run the same command again once Kafka answers: it only hands over.", ex);
        }
    }

    private LoadHandover PointGroup(string groupId, IReadOnlyDictionary<string, long> offsets)
    {
        var partitions = offsets.Select(o => new TopicPartitionOffset(Partition(o.Key), new Offset(o.Value))).ToList();
        var config = Config<ConsumerConfig>(c =>
        {
            c.GroupId = groupId;
            c.EnableAutoCommit = false;
        });
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).LogTo(Log(KafkaLogCategories.SyncConsumer, config)).Build();
        var committed = consumer.Committed(partitions.Select(p => p.TopicPartition), _timeout);
        if (committed.Any(c => c.Offset != Offset.Unset))
        {
            return LoadHandover.GroupHadOffsets;
        }

        try
        {
            consumer.Commit(partitions);
        }
        catch (KafkaException ex) when (ex.Error.Code is ErrorCode.UnknownMemberId or ErrorCode.IllegalGeneration or ErrorCode.RebalanceInProgress)
        {
            // The broker takes a commit from outside a group only while the group is empty: a worker runs the projection
            // and has committed nothing yet. It started at its reset position, the topics' start (a projection's consumer
            // reads from the earliest offset), which is at or before the offsets taken before the load, so it replays
            // everything CDC must, and the position guard skips what the load already wrote. Nothing to hand over. (With
            // the SQLite capture this is the only safe order: its triggers are installed when the worker starts, and a
            // change made before that is never captured.)
            if (StartsAtTheEnd())
            {
                throw new InvalidOperationException(
                    $"the consumer group '{groupId}' has running members (a sync worker running this projection) and no committed offsets, " +
                    "and its consumers start at the topics' end (auto.offset.reset), so they would skip the changes made during the load: " +
                    $"stop the worker, run the load again (it resumes and only hands over), then start the worker (Kafka: {ex.Error.Code})", ex);
            }

            return LoadHandover.GroupRunning;
        }

        return LoadHandover.HandedOver;
    }

    // librdkafka's names for "the end": latest, largest, end; "error" would fail the worker rather than skip anything.
    private bool StartsAtTheEnd()
    {
        var reset = kafka.Concat(consumerKafka ?? new Dictionary<string, string>())
            .LastOrDefault(s => s.Key == "auto.offset.reset").Value;
        return reset is not null && (reset.Equals("latest", StringComparison.OrdinalIgnoreCase)
            || reset.Equals("largest", StringComparison.OrdinalIgnoreCase) || reset.Equals("end", StringComparison.OrdinalIgnoreCase));
    }

    private static TopicPartition Partition(string text)
    {
        var slash = text.LastIndexOf('/');
        return new TopicPartition(text[..slash], int.Parse(text[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private KafkaClientLog Log(string category, ClientConfig config) => KafkaClientLog.For(loggers, category, config);

    private T Config<T>(Action<T>? configure = null)
        where T : ClientConfig, new()
    {
        var config = new T();
        foreach (var (key, value) in kafka)
        {
            config.Set(key, value);
        }

        config.BootstrapServers = bootstrapServers;
        configure?.Invoke(config);
        return config;
    }
}
