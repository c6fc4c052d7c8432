using System.Net.Http.Json;

namespace Strangler.Dashboard.Tests.Rollout;

/// <summary>Starts the customers route's rollout as the page's Start button does (signed in, with the CSRF token).</summary>
internal static class RolloutStart
{
    public static async Task CustomersAsync(HttpClient signedIn, string csrf, string reason)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/rollout/customers/start")
        {
            Content = JsonContent.Create(new { reason }),
        };
        start.Headers.Add("X-CSRF-Token", csrf);
        (await signedIn.SendAsync(start, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }
}
