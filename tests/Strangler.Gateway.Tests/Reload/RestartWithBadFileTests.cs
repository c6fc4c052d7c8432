using System.Net;

namespace Strangler.Gateway.Tests.Reload;

/// <summary>
/// A gateway restarted while one route file holds a bad hand edit serves what it served before it stopped (each
/// sub-domain's last recorded state), and reports the files' errors as it would while running. Bug, found running the
/// gateway as ops do: the restarted gateway had no table at all and answered 503 to every path, unclaimed ones
/// included, so one sub-domain's typo took the whole site down.
/// </summary>
public sealed class RestartWithBadFileTests
{
    [Fact]
    public async Task A_restart_with_an_invalid_route_file_serves_the_last_recorded_routes_and_names_the_error()
    {
        var legacy = await Upstream.StartAsync("legacy");
        await using var _ = legacy;
        var fresh = await Upstream.StartAsync("new");
        await using var __ = fresh;
        var directory = RouteFiles.NewDirectory();
        RouteFiles.Write(directory, RouteFiles.Route("customers", legacy.Url, fresh.Url));
        await using (var first = await GatewayHost.StartAsync(directory, legacy, ownsDirectory: false))
        {
            var (flipped, _) = await first.AdminAsync(HttpMethod.Post, "/flip",
                new { subdomain = "customers", mode = "new", reason = "all in", actor = "ops" });
            Assert.Equal(HttpStatusCode.OK, flipped.StatusCode);
        }

        var written = File.ReadAllText(Path.Combine(directory, "customers.json"));
        var typo = written.Replace("\"mode\": \"new\"", "\"mode\": \"nwe\"", StringComparison.Ordinal);
        Assert.NotEqual(written, typo);
        RouteFiles.WriteRaw(directory, "customers.json", typo);

        await using var second = await GatewayHost.StartAsync(directory, legacy);

        var (body, servedBy, _) = await second.GetAsync("/customers/1");
        Assert.Equal(("new GET /customers/1", "new; rev=2"), (body, servedBy));
        Assert.Equal("legacy GET /orders/1", (await second.GetAsync("/orders/1")).Body);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        var (_, routes) = await second.AdminAsync(HttpMethod.Get, "/routes");
        var error = routes!["lastLoadError"]!["errors"]![0]!;
        Assert.Equal(("customers.json", "mode"), ((string)error["file"]!, (string)error["field"]!));
        Assert.Contains("nwe", (string)error["message"]!, StringComparison.Ordinal);
        // The flip wrote the file indented: the error says on which line the typo is.
        var before = typo[..typo.IndexOf("\"nwe\"", StringComparison.Ordinal)];
        Assert.Equal((before.Count(c => c == '\n') + 1, before.Length - before.LastIndexOf('\n')), ((int)error["line"]!, (int)error["column"]!));

        // Fixed on disk: served and recorded like any edit.
        RouteFiles.Write(directory, RouteFiles.Route("customers", legacy.Url, fresh.Url, "legacy"));
        Assert.True(await Eventually.TrueAsync(async () => (await second.GetAsync("/customers/1")).Body.StartsWith("legacy ", StringComparison.Ordinal)));
        Assert.Null((await second.AdminAsync(HttpMethod.Get, "/routes")).Body!["lastLoadError"]);
    }

    [Fact]
    public async Task A_first_start_with_an_invalid_route_file_and_no_history_is_not_ready()
    {
        var legacy = await Upstream.StartAsync("legacy");
        await using var _ = legacy;
        var directory = RouteFiles.NewDirectory();
        RouteFiles.WriteRaw(directory, "customers.json", "{ \"name\": \"customers\" ");

        await using var gateway = await GatewayHost.StartAsync(directory, legacy);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.GetAsync("/orders/1")).Response.StatusCode);
    }
}
