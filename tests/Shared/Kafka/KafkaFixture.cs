using System.Text;
using Confluent.Kafka;
using Strangler.Sync.Hosting;

[assembly: AssemblyFixture(typeof(Strangler.Tests.Shared.KafkaFixture))]

namespace Strangler.Tests.Shared;

/// <summary>
/// One librdkafka mock cluster for the whole test run (a real Kafka-protocol broker on 127.0.0.1, in process).
/// Every test makes its own topics and groups with <see cref="CreateTopicAsync"/> and <see cref="NewGroupId"/>.
/// </summary>
public sealed class KafkaFixture : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly MockKafkaCluster _cluster = new(immediateRebalance: true);
    private readonly IProducer<byte[]?, byte[]?> _producer;

    public KafkaFixture()
    {
        BootstrapServers = _cluster.BootstrapServers;
        _producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = BootstrapServers, Acks = Acks.All }).Build();
    }

    /// <summary>The mock cluster's address, e.g. <c>127.0.0.1:40123</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>A fresh consumer group name.</summary>
    public static string NewGroupId() => "g-" + Guid.NewGuid().ToString("N");

    /// <summary>Creates a topic with a unique name starting with <paramref name="prefix"/>.</summary>
    public Task<string> CreateTopicAsync(string prefix = "t", int partitions = 1)
    {
        var name = $"{prefix}.{Guid.NewGuid():N}";
        _cluster.CreateTopic(name, partitions);
        return Task.FromResult(name);
    }

    /// <summary>Creates a topic with exactly this name (callers make it unique).</summary>
    public void CreateTopic(string name, int partitions = 1) => _cluster.CreateTopic(name, partitions);

    /// <summary>Produces one message and waits for the acknowledgement.</summary>
    public Task<DeliveryResult<byte[]?, byte[]?>> ProduceAsync(string topic, string? key, string? value, int? partition = null, Headers? headers = null)
    {
        var message = new Message<byte[]?, byte[]?>
        {
            Key = key is null ? null : Encoding.UTF8.GetBytes(key),
            Value = value is null ? null : Encoding.UTF8.GetBytes(value),
            Headers = headers ?? [],
        };
        return partition is { } p
            ? _producer.ProduceAsync(new TopicPartition(topic, p), message)
            : _producer.ProduceAsync(topic, message);
    }

    /// <summary>Reads <paramref name="count"/> messages of a topic from the start, without a group.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> Read(string topic, int count, int partitions = 1)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers, GroupId = NewGroupId(), EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + Timeout;
        while (results.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                results.Add(result);
            }
        }

        return results;
    }

    /// <summary>The committed offsets of a group on a topic's partitions (-1001 = none).</summary>
    public long[] CommittedOffsets(string groupId, string topic, int partitions = 1)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers, GroupId = groupId, EnableAutoCommit = false,
        }).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), Timeout)
            .OrderBy(t => t.Partition.Value).Select(t => t.Offset.Value).ToArray();
    }

    public void Dispose()
    {
        _producer.Dispose();
        _cluster.Dispose();
    }
}
