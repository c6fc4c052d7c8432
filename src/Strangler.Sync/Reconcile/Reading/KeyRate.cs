using System.Threading.RateLimiting;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// Holds a reconcile or load job to <see cref="ReconcileOptions.MaxKeysPerSecond"/>: each batch takes its keys from a
/// token bucket before it reads the legacy tables, so a first fill that runs into business hours takes what the legacy
/// database can spare rather than all it can give. Without a limit nothing is taken, and a batch pays nothing for it.
/// </summary>
internal sealed class KeyRate : IDisposable
{
    private readonly TokenBucketRateLimiter? _bucket;

    public KeyRate(ReconcileOptions options)
    {
        if (options.MaxKeysPerSecond <= 0)
        {
            return;
        }

        // Refilled ten times a second for an even pace; the bucket holds a whole batch at least, since a batch takes its
        // keys at once (a bucket smaller than what is asked of it refuses for good).
        var perTenth = Math.Max(1, options.MaxKeysPerSecond / 10);
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(options.MaxKeysPerSecond, options.BatchSize),
            TokensPerPeriod = perTenth,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perTenth / (double)options.MaxKeysPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Waits until <paramref name="keys"/> keys may be read.</summary>
    public async ValueTask TakeAsync(int keys, CancellationToken cancellationToken)
    {
        if (_bucket is null || keys == 0)
        {
            return;
        }

        using var lease = await _bucket.AcquireAsync(keys, cancellationToken);
    }

    public void Dispose() => _bucket?.Dispose();
}
