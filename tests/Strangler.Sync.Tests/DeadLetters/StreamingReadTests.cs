using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Strangler.Sync.DeadLetters;

namespace Strangler.Sync.Tests.DeadLetters;

/// <summary>
/// <c>strangler dlq</c> reads a dead-letter topic one message at a time: it used to read the whole topic into a list
/// before listing or replaying, and the topic is largest (an outage dead-letters everything) when a replay is needed.
/// </summary>
public sealed class StreamingReadTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_read_hands_on_each_dead_letter_in_partition_then_offset_order_and_keeps_none()
    {
        var dlq = await DeadLetterTopicAsync(partitions: 3, perPartition: 100, valueBytes: 10_000);

        var handed = new List<WeakReference>();
        var order = new List<(int, long)>();
        var aliveMidway = -1;
        foreach (var letter in new DeadLetterReader(kafka.BootstrapServers).Read(dlq, TimeSpan.FromSeconds(10)))
        {
            handed.Add(new WeakReference(letter));
            order.Add((letter.Partition, letter.Offset));
            if (handed.Count == 250)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                aliveMidway = handed.Take(240).Count(w => w.IsAlive);
            }
        }

        Assert.Equal(300, order.Count);
        Assert.Equal(order.OrderBy(o => o.Item1).ThenBy(o => o.Item2), order);
        // A read that gathered the topic first (as it did) still holds all 240 of them at this point.
        Assert.Equal(0, aliveMidway);
    }

    [Fact]
    public async Task A_read_up_to_the_ends_an_earlier_read_saw_reads_exactly_that_again()
    {
        var dlq = await DeadLetterTopicAsync(partitions: 3, perPartition: 0);
        await LetterAsync(dlq, 0, "a");
        await LetterAsync(dlq, 0, "b");
        await LetterAsync(dlq, 1, "c");
        var reader = new DeadLetterReader(kafka.BootstrapServers);
        var first = reader.ReadAll(dlq, TimeSpan.FromSeconds(10));
        var ends = first.GroupBy(l => l.Partition).ToDictionary(g => g.Key, g => g.Max(l => l.Offset) + 1);

        // Dead-lettered since: in a partition read before, and in one that was empty.
        await LetterAsync(dlq, 0, "d");
        await LetterAsync(dlq, 2, "e");

        Assert.Equal(["a", "b", "c"], reader.Read(dlq, TimeSpan.FromSeconds(10), ends).Select(l => l.Reason));
        Assert.Equal(["a", "b", "d", "c", "e"], reader.Read(dlq, TimeSpan.FromSeconds(10)).Select(l => l.Reason));
    }

    private async Task<string> DeadLetterTopicAsync(int partitions, int perPartition, int valueBytes = 10)
    {
        var source = await kafka.CreateTopicAsync();
        var dlq = DeadLetterHeaders.TopicFor(source);
        kafka.CreateTopic(dlq, partitions);
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 5 }).Build();
        var value = new byte[valueBytes];
        for (var partition = 0; partition < partitions; partition++)
        {
            for (var i = 0; i < perPartition; i++)
            {
                producer.Produce(new TopicPartition(dlq, partition), new Message<byte[]?, byte[]?>
                {
                    Key = Bytes("k"), Value = value, Headers = Headers(source, $"bad {partition}:{i}"),
                });
            }
        }

        producer.Flush(TestContext.Current.CancellationToken);
        return dlq;
    }

    private Task LetterAsync(string dlq, int partition, string reason) =>
        kafka.ProduceAsync(dlq, "k", "v", partition, Headers(dlq[..^DeadLetterHeaders.TopicSuffix.Length], reason));

    private static Headers Headers(string source, string reason) => new()
    {
        { DeadLetterHeaders.Reason, Bytes(reason) },
        { DeadLetterHeaders.SourceTopic, Bytes(source) },
        { DeadLetterHeaders.SourcePartition, Bytes("0") },
        { DeadLetterHeaders.SourceOffset, Bytes(0.ToString(CultureInfo.InvariantCulture)) },
    };

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
