using System.Diagnostics;

namespace Strangler.Tests.Shared;

/// <summary>
/// Bounded polling for state that background work (file watchers, Kafka consumers, capture, projection, backfill)
/// changes asynchronously. One copy, compiled into every test project. The default timeout is generous because the test
/// machine is small and shared: a wait that succeeds costs only as long as its condition takes, so a long bound slows
/// nothing but a failing test.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait lasts, in seconds, unless the caller says otherwise.</summary>
    public const int DefaultSeconds = 30;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds or <paramref name="seconds"/> passed, and says whether it held;
    /// the caller asserts (with its own message).
    /// </summary>
    public static Task<bool> TrueAsync(Func<bool> condition, int seconds = DefaultSeconds) =>
        TrueAsync(() => Task.FromResult(condition()), seconds);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds or <paramref name="seconds"/> passed, and says whether it held;
    /// the caller asserts (with its own message).
    /// </summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, int seconds = DefaultSeconds)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }

        return await condition();
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until <paramref name="done"/> holds for its value and returns that value; fails the
    /// test after <paramref name="seconds"/>, naming <paramref name="what"/> was awaited and the last value seen.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = DefaultSeconds)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }

            if (clock.Elapsed >= TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"Within {seconds} s: {what} (last seen: {last})");
            }

            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }
    }
}
