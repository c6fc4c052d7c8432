namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>Bounded polling for effects that happen asynchronously (file watcher reloads, metric scrapes).</summary>
public static class Wait
{
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, int attempts = 400, int delayMs = 25)
    {
        for (var i = 0; i < attempts; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(delayMs);
        }

        return false;
    }
}
