using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Testing;
using Strangler.Sync.Consuming;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Tests.Consuming;

namespace Strangler.Sync.Tests.DeadLetters;

/// <summary>
/// A poison message larger than the dead-letter topic accepts (found operating a worker: a 1.2 MB message on a topic
/// that allows it stopped its pipeline for good, every retry failing with "Broker: Message size too large").
/// </summary>
public sealed class OversizedDeadLetterTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_message_too_large_for_the_dead_letter_topic_is_dead_lettered_without_its_value_and_the_pipeline_goes_on()
    {
        var topic = await kafka.CreateTopicAsync();
        var big = Encoding.UTF8.GetBytes("bad:" + new string('x', 1_200_000));
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers, MessageMaxBytes = 2_000_000,
        }).Build())
        {
            await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes("k1"), Value = big }, TestContext.Current.CancellationToken);
        }

        await kafka.ProduceAsync(topic, "k2", "good");
        var handled = new List<string>();
        var handler = new DelegateBatchHandler((batch, _) =>
        {
            var letters = new List<DeadLetter>();
            foreach (var message in batch)
            {
                var value = Encoding.UTF8.GetString(message.Message.Value!);
                if (value.StartsWith("bad:", StringComparison.Ordinal))
                {
                    // As the backfill's handler does: logged before it is sent, with the reason as it was then.
                    letters.Add(new DeadLetter(message, "not a change event", Logged: true));
                }
                else
                {
                    lock (handled)
                    {
                        handled.Add(value);
                    }
                }
            }

            return Task.FromResult(BatchOutcome.WithDeadLetters(letters));
        });
        var metrics = TestConsumers.NewMetrics();
        var group = KafkaFixture.NewGroupId();
        var options = TestConsumers.Options(kafka, topic, group) with
        {
            ConsumerKafka = new Dictionary<string, string> { ["fetch.max.bytes"] = "4000000", ["max.partition.fetch.bytes"] = "4000000" },
        };
        var logger = new FakeLogger<KafkaBatchConsumer>();
        using (var consumer = TestConsumers.Create(kafka, options, handler, metrics, logger))
        {
            await consumer.StartAsync(TestContext.Current.CancellationToken);
            Assert.True(await Eventually.TrueAsync(() => kafka.CommittedOffsets(group, topic)[0] == 2),
                $"the pipeline stopped at the large message: committed {kafka.CommittedOffsets(group, topic)[0]}, retried {metrics.Pipelines.Single().Retried} times");
            await consumer.StopAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(["good"], handled);
        Assert.Equal(1, metrics.Pipelines.Single().DeadLettered);
        var letter = Assert.Single(new DeadLetterReader(kafka.BootstrapServers).ReadAll(DeadLetterHeaders.TopicFor(topic), TimeSpan.FromSeconds(10)));
        Assert.Null(letter.Value);
        Assert.Equal(big.LongLength, letter.ValueNotKept);
        Assert.Equal("k1", Encoding.UTF8.GetString(letter.Key!));
        Assert.Equal((topic, 0, 0L), (letter.SourceTopic, letter.SourcePartition, letter.SourceOffset));
        Assert.StartsWith("not a change event [value not kept: the message (1200004 bytes) is too large for " + topic + ".dlq; read it at " + topic + "[0]@0",
            letter.Reason, StringComparison.Ordinal);

        // The handler's line had no word of the value lost: the consumer says it, though the handler logged the letter.
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Message.StartsWith(
            $"Pipeline {options.Pipeline}: dead-lettered {topic}[0]@0: not a change event [value not kept: ", StringComparison.Ordinal));

        // Replaying it would produce a null value, a tombstone, in the message's place.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new DeadLetterReplayer(kafka.BootstrapServers).ReplayAsync([letter], TestContext.Current.CancellationToken));
        Assert.Contains($"kept no value (the message, 1200004 bytes, was too large for the dead-letter topic); it is at {topic}[0]@0", error.Message, StringComparison.Ordinal);
    }
}
