using Confluent.Kafka;

namespace Strangler.Sync.Consuming;

/// <summary>
/// Applies one batch of Kafka messages. The batch holds messages of one or more partitions, each partition's messages
/// in offset order.
/// </summary>
/// <remarks>
/// Return the messages that can never succeed (undecodable, rejected by validation) in
/// <see cref="BatchOutcome.DeadLetters"/>: they go to the dead-letter topic and the pipeline goes on. Throw for a
/// transient failure (store down, timeout): the same batch is retried with backoff and no offset moves past it, so a
/// handler must be idempotent for the part of a batch it had already applied.
/// </remarks>
internal interface IBatchHandler
{
    /// <summary>Applies <paramref name="batch"/>; throws on a transient failure.</summary>
    Task<BatchOutcome> HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken cancellationToken);
}
