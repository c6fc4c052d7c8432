using System.Text;
using Confluent.Kafka;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>The keys a one-partition topic holds, in order: what a <c>dlq replay</c> produced back to its source.</summary>
internal static class TopicKeys
{
    /// <summary>Reads partition 0 of <paramref name="topic"/> from its start to its end (5 s at the most), without a group.</summary>
    public static List<string> Read(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers, GroupId = "g-" + Guid.NewGuid().ToString("N"), EnablePartitionEof = true,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var keys = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                break;
            }

            keys.Add(Encoding.UTF8.GetString(result.Message.Key!));
        }

        return keys;
    }
}
