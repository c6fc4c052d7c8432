namespace Strangler.Gateway.Stalls;

/// <summary>
/// One stretch of time this gateway process did not run (frozen, paused by the runtime, starved of CPU), as the
/// <see cref="StallWatchdog"/> saw it: when it ended, how long it lasted, and how many forwarded requests that were in
/// flight then have been left out of the rollout's evidence so far.
/// </summary>
internal sealed class Stall(DateTimeOffset endedAt, TimeSpan length)
{
    private long _excluded;

    public DateTimeOffset EndedAt { get; } = endedAt;

    public TimeSpan Length { get; } = length;

    public long Excluded => Interlocked.Read(ref _excluded);

    public void CountExcluded() => Interlocked.Increment(ref _excluded);
}
