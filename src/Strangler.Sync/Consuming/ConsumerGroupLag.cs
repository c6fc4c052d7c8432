using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Strangler.Sync.Consuming;

/// <summary>
/// Where a pipeline's consumer group stands on every partition of its topics, whichever worker of the group holds
/// them: the partitions' ends, then whether the group has applied up to them. A worker knows only the lag of the
/// partitions it holds; this is what tells it that another worker of its group still has changes to apply.
/// </summary>
/// <remarks>
/// Asked by the continuous check, once per check (a metadata request, one offset request per partition and one
/// offset fetch from the group's coordinator), never by the consuming loop. Its client takes the pipeline's consumer
/// settings (bootstrap, security) but never subscribes, so it never joins the group nor takes a partition from it.
/// </remarks>
internal sealed class ConsumerGroupLag(BatchConsumerOptions options) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private IConsumer<byte[]?, byte[]?>? _client;
    private IAdminClient? _admin;

    /// <summary>The pipeline's consumer group.</summary>
    public string GroupId => options.GroupId;

    /// <summary>
    /// The low and high watermark of every partition of the pipeline's topics, now. Throws <see cref="KafkaException"/>
    /// when the cluster does not answer.
    /// </summary>
    public IReadOnlyDictionary<TopicPartition, WatermarkOffsets> Ends()
    {
        lock (_lock)
        {
            var (client, admin) = Clients();
            // Patterns (^...) name no topic to ask about: they are matched against every topic of the cluster.
            var patterns = options.Topics.Where(t => t.StartsWith('^')).Select(t => new Regex(t, RegexOptions.None, TimeSpan.FromSeconds(1))).ToList();
            var metadata = patterns.Count > 0 ? admin.GetMetadata(Timeout).Topics : [.. options.Topics.SelectMany(t => admin.GetMetadata(t, Timeout).Topics)];
            var ends = new Dictionary<TopicPartition, WatermarkOffsets>();
            foreach (var topic in metadata.Where(t => !t.Error.IsError && (options.Topics.Contains(t.Topic) || patterns.Any(p => p.IsMatch(t.Topic)))))
            {
                foreach (var partition in topic.Partitions)
                {
                    var key = new TopicPartition(topic.Topic, partition.PartitionId);
                    ends[key] = client.QueryWatermarkOffsets(key, Timeout);
                }
            }

            return ends;
        }
    }

    /// <summary>
    /// The partitions on which the group has not applied, now, everything that <paramref name="ends"/> says they held:
    /// its committed offset there (where it resumes, else where <c>auto.offset.reset</c> starts it) short of their end
    /// then. Worst first. Throws <see cref="KafkaException"/> when the group's coordinator does not answer.
    /// </summary>
    public IReadOnlyList<PartitionBehind> Behind(IReadOnlyDictionary<TopicPartition, WatermarkOffsets> ends)
    {
        if (ends.Count == 0)
        {
            return [];
        }

        lock (_lock)
        {
            var committed = Clients().Client.Committed(ends.Keys, Timeout).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
            var behind = new List<PartitionBehind>();
            foreach (var (partition, end) in ends)
            {
                var resumes = committed.TryGetValue(partition, out var offset) && offset >= 0
                    ? offset
                    : string.Equals(options.AutoOffsetReset, "latest", StringComparison.OrdinalIgnoreCase) ? end.High.Value : end.Low.Value;
                if (resumes < end.High.Value)
                {
                    behind.Add(new PartitionBehind(partition.Topic, partition.Partition.Value, end.High.Value - resumes));
                }
            }

            return [.. behind.OrderByDescending(b => b.Messages).ThenBy(b => b.Topic, StringComparer.Ordinal).ThenBy(b => b.Partition)];
        }
    }

    private (IConsumer<byte[]?, byte[]?> Client, IAdminClient Admin) Clients()
    {
        if (_client is null)
        {
            // A static member id would clash with the pipeline's own consumer were this client ever to join.
            var settings = KafkaBatchConsumer.ConsumerConfigFor(options)
                .Where(s => s.Key is not "group.instance.id" and not "client.id")
                .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
            _client = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig(settings)
            {
                ClientId = options.Pipeline + ".group-lag",
                EnableAutoCommit = false,
            }).Build();
            _admin = new DependentAdminClientBuilder(_client.Handle).Build();
        }

        return (_client, _admin!);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _admin?.Dispose();
            // Never subscribed, so Close has no group to leave; Dispose releases the connections.
            _client?.Dispose();
            _client = null;
            _admin = null;
        }
    }
}
