namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>Bounded polling for state that other parts (capture, Kafka, projection, backfill) change asynchronously.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> every 100 ms until <paramref name="done"/> holds; fails naming <paramref name="what"/> after 20 s.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var last = default(T);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"Within 20 s: {what} (last seen: {last})");
        return last;
    }
}
