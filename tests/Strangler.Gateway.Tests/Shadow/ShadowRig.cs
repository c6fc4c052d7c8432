using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Tests.Shadow;

/// <summary>Shadow test helpers over the usual <see cref="Rig"/>: a route with a shadow block, and the report read through the admin API.</summary>
internal static class ShadowRig
{
    public static Task<Rig> StartAsync(JsonObject shadow, string mode = "legacy", int percentage = 0,
        IDictionary<string, string?>? settings = null, Action<JsonObject>? edit = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        Rig.StartAsync(mode, percentage, settings, services, edit: route =>
        {
            route["shadow"] = shadow;
            edit?.Invoke(route);
        });

    public static async Task<JsonNode> ReportAsync(this Rig rig, string subdomain = "customers")
    {
        var (response, body) = await rig.Gateway.AdminAsync(HttpMethod.Get, $"/diffs?subdomain={subdomain}");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return body!;
    }

    /// <summary>Waits until the report has seen <paramref name="count"/> shadows end one way or another.</summary>
    public static Task<JsonNode> SettledAsync(this Rig rig, long count) =>
        Eventually.UntilAsync(() => rig.ReportAsync(),
            r => Long(r, "compared") + Long(r, "dropped") + Long(r, "timedOut") + Long(r, "failed") >= count,
            $"{count} shadows compared, dropped, timed out or failed");

    public static long Long(JsonNode node, string name) => node[name]?.GetValue<long>() ?? 0;

    public static int ShadowsSeen(this Upstream upstream) =>
        upstream.Requests.Count(r => r.Headers.ContainsKey("x-strangler-shadow"));

    public static Func<HttpContext, Task> Json(Func<HttpContext, string> body) => async context =>
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body(context));
    };
}
