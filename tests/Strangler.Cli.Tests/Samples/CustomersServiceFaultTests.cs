using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Samples.CustomersService;
using Strangler.Cli.Hosting;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Samples;

/// <summary>The sample's fault switch, which the demo uses to make a rollout roll back.</summary>
public sealed class CustomersServiceFaultTests
{
    private static async Task<(WebApplication App, HttpClient Http, TempDirectory Directory)> StartAsync(bool faults)
    {
        var directory = new TempDirectory();
        var app = CustomersServiceApp.Build([
            "--urls=http://127.0.0.1:0",
            $"--CustomersService:DatabasePath={directory.Combine("customers.db")}",
            $"--CustomersService:FaultsEndpoint={faults}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        return (app, new HttpClient { BaseAddress = await LoopbackHost.StartAsync(app, TestContext.Current.CancellationToken) }, directory);
    }

    [Fact]
    public async Task FailPercent100_FailsEveryCustomersRequest_AndZeroHealsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, http, directory) = await StartAsync(faults: true);
        await using var _ = app;
        using var __ = http;
        using var ___ = directory;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/customers", ct)).StatusCode);

        var set = await http.PostAsJsonAsync("/_sample/faults", new { failPercent = 100 }, ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/customers", ct)).StatusCode);
        }

        var bad = await http.PostAsJsonAsync("/_sample/faults", new { failPercent = 101 }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("failPercent", await bad.Content.ReadAsStringAsync(ct));

        await http.PostAsJsonAsync("/_sample/faults", new { failPercent = 0 }, ct);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/customers", ct)).StatusCode);
    }

    [Fact]
    public async Task WithoutTheSetting_ThereIsNoFaultSwitch()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, http, directory) = await StartAsync(faults: false);
        await using var _ = app;
        using var __ = http;
        using var ___ = directory;

        var response = await http.PostAsJsonAsync("/_sample/faults", new { failPercent = 100 }, ct);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/customers", ct)).StatusCode);
    }
}
