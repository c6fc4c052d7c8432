namespace Strangler.Sync.Tests;

/// <summary>Bounded polling for conditions reached by background work.</summary>
internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds or 20 s passed; the caller asserts afterwards.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition, int seconds = 20)
    {
        for (var i = 0; i < seconds * 20; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return condition();
    }
}
