using System.Net;
using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Tests.Breakers;

public sealed class FallbackTests
{
    private static readonly Dictionary<string, string?> HighThreshold = new() { ["Strangler:Gateway:Breaker:FailureThreshold"] = "100" };

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task NewSide5xxOnSafeMethod_IsRetriedOnceOnLegacy(string method)
    {
        await using var rig = await Rig.StartAsync("new", settings: HighThreshold);
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers["X-From-New"] = "yes";
            return context.Response.WriteAsync("new is down");
        };

        var response = await rig.Gateway.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/customers/1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("legacy; rev=1", response.Headers.GetValues("X-Strangler-Served-By").Single());
        Assert.False(response.Headers.Contains("X-From-New"));
        if (method == "GET")
        {
            Assert.Equal("legacy GET /customers/1", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal((1, 1), (rig.New.RequestCount, rig.Legacy.RequestCount));
    }

    [Fact]
    public async Task NewSideConnectionRefused_IsRetriedOnLegacy()
    {
        var legacy = await Upstream.StartAsync("legacy");
        await using var _ = legacy;
        var directory = RouteFiles.NewDirectory();
        using var closed = new ClosedPort();
        RouteFiles.Write(directory, RouteFiles.Route("customers", legacy.Url, closed.Url, "new"));
        await using var gateway = await GatewayHost.StartAsync(directory, legacy);

        var (body, servedBy, response) = await gateway.GetAsync("/customers/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("legacy GET /customers/1", body);
        Assert.Equal("legacy; rev=1", servedBy);
    }

    [Fact]
    public async Task NewSideTimeout_IsRetriedOnLegacy()
    {
        await using var rig = await Rig.StartAsync("new", settings: new Dictionary<string, string?>
        {
            ["Strangler:Gateway:UpstreamTimeout"] = "00:00:01",
        });
        var release = new TaskCompletionSource();
        rig.New.Handler = async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
        };

        var (body, _, response) = await rig.Gateway.GetAsync("/customers/1");
        release.SetResult();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("legacy GET /customers/1", body);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task UnsafeMethods_AreNeverRetried(string method)
    {
        await using var rig = await Rig.StartAsync("new", settings: HighThreshold);
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = 500;
            return context.Response.WriteAsync("boom");
        };

        var response = await rig.Gateway.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/customers/1")
        {
            Content = new StringContent("{}"),
        });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("boom", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, rig.Legacy.RequestCount);
    }

    [Fact]
    public async Task RouteWithoutFallback_PassesTheFailureThrough()
    {
        await using var rig = await Rig.StartAsync("new", settings: HighThreshold, edit: r => r["fallbackToLegacy"] = false);
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = 502;
            return Task.CompletedTask;
        };

        var (_, servedBy, response) = await rig.Gateway.GetAsync("/customers/1");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("new; rev=1", servedBy);
        Assert.Equal(0, rig.Legacy.RequestCount);
    }

    [Fact]
    public async Task Status4xx_IsNotAFailure()
    {
        await using var rig = await Rig.StartAsync("new", settings: HighThreshold);
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        };

        var (_, _, response) = await rig.Gateway.GetAsync("/customers/404");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, rig.Legacy.RequestCount);
    }
}
