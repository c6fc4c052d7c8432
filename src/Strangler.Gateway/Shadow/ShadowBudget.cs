using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Shadow;

/// <summary>The bytes held by queued and running shadows, against <see cref="ShadowOptions.MaxBufferedBytes"/>.</summary>
internal sealed class ShadowBudget(IOptions<ShadowOptions> options)
{
    private readonly long _max = options.Value.MaxBufferedBytes;
    private long _held;

    public long Held => Interlocked.Read(ref _held);

    public bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _held, bytes) <= _max)
        {
            return true;
        }

        Interlocked.Add(ref _held, -bytes);
        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref _held, -bytes);
}
