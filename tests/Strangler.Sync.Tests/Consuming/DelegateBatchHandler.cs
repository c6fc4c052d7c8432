using Confluent.Kafka;
using Strangler.Sync.Consuming;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>A handler made of a function, for tests of the consuming loop itself.</summary>
internal sealed class DelegateBatchHandler(
    Func<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>, CancellationToken, Task<BatchOutcome>> handle) : IBatchHandler
{
    public Task<BatchOutcome> HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken cancellationToken) =>
        handle(batch, cancellationToken);
}
