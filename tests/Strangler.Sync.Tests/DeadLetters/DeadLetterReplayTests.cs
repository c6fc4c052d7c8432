using System.Text;
using Confluent.Kafka;
using Strangler.Sync.Consuming;
using Strangler.Sync.DeadLetters;

namespace Strangler.Sync.Tests.DeadLetters;

public sealed class DeadLetterReplayTests(KafkaFixture kafka)
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Replay_produces_dead_letters_back_to_their_source_topic_with_original_key_value_and_headers()
    {
        var topic = await kafka.CreateTopicAsync();
        kafka.CreateTopic(DeadLetterHeaders.TopicFor(topic));
        await kafka.ProduceAsync(topic, "k1", "v1", headers: new Headers { { "trace", Bytes("abc") } });
        await kafka.ProduceAsync(topic, "k2", "v2");
        var consumed = kafka.Read(topic, 2);
        using (var producer = new DeadLetterProducer(kafka.BootstrapServers))
        {
            await producer.SendAsync([new DeadLetter(consumed[0], "bad one"), new DeadLetter(consumed[1], "bad two")], TestContext.Current.CancellationToken);
        }

        var letters = new DeadLetterReader(kafka.BootstrapServers).ReadAll(DeadLetterHeaders.TopicFor(topic), TimeSpan.FromSeconds(10));
        Assert.Equal(["bad one", "bad two"], letters.Select(l => l.Reason));
        Assert.Equal([0L, 1L], letters.Select(l => l.SourceOffset));

        var replayed = await new DeadLetterReplayer(kafka.BootstrapServers).ReplayAsync([letters[0]], TestContext.Current.CancellationToken);

        Assert.Equal(1, replayed);
        var all = kafka.Read(topic, 3);
        Assert.Equal(3, all.Count);
        var again = all[2].Message;
        Assert.Equal("k1", Encoding.UTF8.GetString(again.Key!));
        Assert.Equal("v1", Encoding.UTF8.GetString(again.Value!));
        Assert.Equal("abc", Encoding.UTF8.GetString(again.Headers.GetLastBytes("trace")));
        Assert.False(again.Headers.TryGetLastBytes(DeadLetterHeaders.Reason, out _));
    }

    [Fact]
    public async Task Replay_refuses_a_dead_letter_without_source_topic_and_replays_nothing()
    {
        var topic = await kafka.CreateTopicAsync();
        var orphan = new DeadLetterRecord
        {
            Topic = topic + ".dlq", Partition = 0, Offset = 4, Timestamp = DateTimeOffset.UnixEpoch,
            Reason = "x", SourceTopic = string.Empty, SourcePartition = -1, SourceOffset = -1,
        };
        var good = orphan with { SourceTopic = topic, Offset = 3 };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new DeadLetterReplayer(kafka.BootstrapServers).ReplayAsync([good, orphan], TestContext.Current.CancellationToken));

        Assert.Contains("@4 has no 'dlq-source-topic' header", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, EndOffset(topic));
    }

    [Fact]
    public async Task A_streamed_replay_stops_at_a_dead_letter_it_cannot_replay_saying_how_many_went_before()
    {
        var topic = await kafka.CreateTopicAsync();
        var good = new DeadLetterRecord
        {
            Topic = topic + ".dlq", Partition = 0, Offset = 0, Timestamp = DateTimeOffset.UnixEpoch,
            Reason = "x", SourceTopic = topic, SourcePartition = 0, SourceOffset = 0, Key = Bytes("k"), Value = Bytes("v"),
        };
        var orphan = good with { Offset = 2, SourceTopic = string.Empty };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new DeadLetterReplayer(kafka.BootstrapServers)
            .ReplayEachAsync([good, good with { Offset = 1 }, orphan, good with { Offset = 3 }], TestContext.Current.CancellationToken));

        Assert.Contains("@2 has no 'dlq-source-topic' header; 2 replayed before it, none after.", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, EndOffset(topic));
        Assert.NotNull(DeadLetterReplayer.Refusal(orphan));
        Assert.Null(DeadLetterReplayer.Refusal(good));
    }

    private long EndOffset(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers, GroupId = KafkaFixture.NewGroupId(), EnableAutoCommit = false,
        }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(5)).High.Value;
    }
}
