using Confluent.Kafka;

namespace Strangler.Sync.Consuming;

/// <summary>A message a handler gave up on, and why; it goes to <c>&lt;source topic&gt;.dlq</c>.</summary>
/// <param name="Message">The message as consumed (key, value and headers are preserved in the dead letter).</param>
/// <param name="Reason">A human-readable reason, e.g. the decoding error with its JSON path.</param>
internal sealed record DeadLetter(ConsumeResult<byte[]?, byte[]?> Message, string Reason);
