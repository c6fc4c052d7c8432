using System.Collections.Concurrent;

namespace Strangler.Sync.Consuming;

/// <summary>
/// The <see cref="ConsumerGroupLag"/> of each pipeline this worker runs, by pipeline name: registered as the pipelines
/// start, read by the continuous check.
/// </summary>
internal sealed class ConsumerGroupLags : IDisposable
{
    private readonly ConcurrentDictionary<string, ConsumerGroupLag> _pipelines = new(StringComparer.Ordinal);

    public void Register(BatchConsumerOptions options)
    {
        var lag = new ConsumerGroupLag(options);
        _pipelines.AddOrUpdate(options.Pipeline, lag, (_, old) =>
        {
            old.Dispose();
            return lag;
        });
    }

    /// <summary>The pipeline's group, or null when no pipeline of that name runs here.</summary>
    public ConsumerGroupLag? For(string pipeline) => _pipelines.GetValueOrDefault(pipeline);

    public void Dispose()
    {
        foreach (var lag in _pipelines.Values)
        {
            lag.Dispose();
        }

        _pipelines.Clear();
    }
}
