using System.Threading.Channels;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// One sub-domain's shadow queue: a bounded channel drained by exactly <c>maxConcurrency</c> workers, so no more
/// shadows than that are ever in flight and no more than <c>queueLength</c> wait. Writers never wait: a full queue
/// refuses the write and the caller counts the drop.
/// </summary>
internal sealed class ShadowLane
{
    private readonly Channel<ShadowWork> _channel;
    private readonly Task[] _workers;

    public ShadowLane(int maxConcurrency, int queueLength, Func<ShadowWork, Task> process)
    {
        MaxConcurrency = maxConcurrency;
        QueueLength = queueLength;
        _channel = Channel.CreateBounded<ShadowWork>(new BoundedChannelOptions(queueLength)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        _workers = Enumerable.Range(0, maxConcurrency).Select(_ => Task.Run(() => RunAsync(process))).ToArray();
    }

    public int MaxConcurrency { get; }

    public int QueueLength { get; }

    /// <summary>False when the queue is full or the lane was replaced; never waits.</summary>
    public bool TryWrite(ShadowWork work) => _channel.Writer.TryWrite(work);

    /// <summary>Accepts no more work; the workers finish what is queued and end.</summary>
    public Task CompleteAsync()
    {
        _channel.Writer.TryComplete();
        return Task.WhenAll(_workers);
    }

    private async Task RunAsync(Func<ShadowWork, Task> process)
    {
        await foreach (var work in _channel.Reader.ReadAllAsync())
        {
            await process(work);
        }
    }
}
