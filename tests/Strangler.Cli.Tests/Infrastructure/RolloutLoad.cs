using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>
/// What the stall tests drive a rollout with: upstreams slow enough that requests are always in flight, clients that
/// each send a new user key per request until stopped, and the rollout's latest evaluation as the admin API shows it.
/// </summary>
internal static class RolloutLoad
{
    /// <summary>The status recorded for a request that got no answer: the connection failed, or the client timed out.</summary>
    public const int NoAnswer = 0;

    /// <summary>An upstream answering <paramref name="side"/> after 300 ms.</summary>
    public static RequestDelegate SlowAnswer(string side) => async context =>
    {
        await Task.Delay(300, context.RequestAborted);
        await context.Response.WriteAsync(side, context.RequestAborted);
    };

    /// <summary>
    /// Sends <c>GET /customers/{i}</c> with user key <c>{client}-{i}</c> until stopped; the statuses, in order, with
    /// <see cref="NoAnswer"/> for a request that got none. A failed connection is recorded, not thrown: the load goes on
    /// through it, and each test decides whether a request left unanswered matters to what it checks.
    /// </summary>
    public static async Task<List<int>> RunAsync(HttpClient http, int client, CancellationToken stop)
    {
        var statuses = new List<int>();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/customers/{i}");
            request.Headers.Add("X-User-Id", $"{client}-{i}");
            try
            {
                using var response = await http.SendAsync(request, stop);
                statuses.Add((int)response.StatusCode);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                statuses.Add(NoAnswer);
            }
        }

        return statuses;
    }

    /// <summary>The last evaluation of the customers rollout; null before the first.</summary>
    public static async Task<JsonNode?> LatestEvaluationAsync(HttpClient http)
    {
        var state = await http.GetFromJsonAsync<JsonObject>("/_strangler/api/rollout/customers", TestContext.Current.CancellationToken);
        return state?["state"]?["evaluations"]?.AsArray().LastOrDefault();
    }
}
