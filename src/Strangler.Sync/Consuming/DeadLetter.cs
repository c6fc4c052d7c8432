using Confluent.Kafka;

namespace Strangler.Sync.Consuming;

/// <summary>A message a handler gave up on, and why; it goes to <c>&lt;source topic&gt;.dlq</c>.</summary>
/// <param name="Message">The message as consumed (key, value and headers are preserved in the dead letter).</param>
/// <param name="Reason">A human-readable reason, e.g. the decoding error with its JSON path.</param>
/// <param name="Logged">
/// The handler logged it already, with what only it knows (the backfill's error line names the event and the table), and
/// with <see cref="Source"/> and the reason: the consumer does not log it again (the backfill's used to come twice).
/// </param>
internal sealed record DeadLetter(ConsumeResult<byte[]?, byte[]?> Message, string Reason, bool Logged = false)
{
    /// <summary>Where the message is, as <c>strangler dlq list</c> prints it (librdkafka's own ToString is "topic [[0]] @1").</summary>
    public string Source => $"{Message.Topic}[{Message.Partition.Value}]@{Message.Offset.Value}";
}
