using Strangler.Sync.Consuming;
using Strangler.Sync.DeadLetters;

namespace Strangler.Sync.Tests.DeadLetters;

/// <summary>
/// <c>strangler dlq</c> reads a dead-letter topic to its end however long that takes while messages come; its timeout
/// is the longest wait for the next one. The whole read used to have to fit in 30 s, which a big dead-letter topic on a
/// distant broker did not: the command failed every time, saying the broker "did not answer".
/// </summary>
public sealed class LongDeadLetterReadTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_topic_that_takes_longer_than_the_timeout_to_read_is_read_to_its_end()
    {
        var topic = await kafka.CreateTopicAsync();
        var deadLetterTopic = DeadLetterHeaders.TopicFor(topic);
        kafka.CreateTopic(deadLetterTopic);
        await kafka.ProduceAsync(topic, "k1", "v1");
        var source = kafka.Read(topic, 1)[0];
        using (var producer = new DeadLetterProducer(kafka.BootstrapServers))
        {
            await producer.SendAsync(Enumerable.Range(0, 300).Select(i => new DeadLetter(source, $"bad {i:D3}")).ToList(), TestContext.Current.CancellationToken);
        }

        // By this clock the 300 messages take at least 15 s to read (each look at it is 50 ms after the one before),
        // against a timeout of 2 s; no two messages are 2 s apart by it.
        var clock = new SteppingClock(TimeSpan.FromMilliseconds(50));
        var letters = new DeadLetterReader(kafka.BootstrapServers, time: clock).ReadAll(deadLetterTopic, TimeSpan.FromSeconds(2));

        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"bad {i:D3}"), letters.Select(l => l.Reason).Order(StringComparer.Ordinal));
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(15), $"the read took {clock.Elapsed} by the clock, not longer than the timeout");
    }

    /// <summary>A clock that moves on by <c>step</c> each time it is read.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
        private long _reads;

        public TimeSpan Elapsed => step * Interlocked.Read(ref _reads);

        public override DateTimeOffset GetUtcNow() => _start + step * Interlocked.Increment(ref _reads);
    }
}
