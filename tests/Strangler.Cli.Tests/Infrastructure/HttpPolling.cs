namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>Waits, in a bounded loop, until a URL answers, failing early if the command serving it has ended.</summary>
public static class HttpPolling
{
    public static async Task<HttpResponseMessage> GetWhenUpAsync(HttpClient http, string url, Task running)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(running.IsCompleted, $"The command ended before {url} answered.");
            try
            {
                return await http.GetAsync(url, TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        throw new TimeoutException($"{url} did not answer within 30 s.");
    }
}
