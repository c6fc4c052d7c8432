using Microsoft.AspNetCore.Builder;
using Strangler.Cli.Hosting;
using Strangler.Gateway;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>A real gateway on a free port with its own routes directory (customers and orders) and admin token.</summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    public const string Token = "test-admin-token";
    public const string ServedBy = "X-Strangler-Served-By";

    private readonly WebApplication _app;
    private readonly TempDirectory _directory;

    private GatewayUnderTest(WebApplication app, TempDirectory directory, Uri url)
    {
        _app = app;
        _directory = directory;
        Url = url;
    }

    public Uri Url { get; }

    public string RoutesDirectory => _directory.Combine("routes");

    public string[] AdminArgs => ["--gateway", Url.ToString(), "--token", Token];

    public static async Task<GatewayUnderTest> StartAsync(UpstreamsFixture upstreams)
    {
        var directory = new TempDirectory();
        var routes = directory.Combine("routes");
        RouteFiles.Write(routes, "customers", upstreams.Legacy, upstreams.New);
        RouteFiles.Write(routes, "orders", upstreams.Legacy, upstreams.Legacy);
        var app = GatewayApplication.Build([
            "--urls=http://127.0.0.1:0",
            $"--Strangler:Gateway:RoutesDirectory={routes}",
            $"--Strangler:Gateway:DefaultUpstream={upstreams.Legacy}",
            $"--Strangler:Gateway:AdminToken={Token}",
            $"--Strangler:Gateway:ServedByHeader={ServedBy}",
            "--Strangler:Gateway:OverrideSigningKey=tests-signing-key-tests-signing-key-0123",
            "--Logging:LogLevel:Default=Warning",
        ]);
        return new GatewayUnderTest(app, directory, await LoopbackHost.StartAsync(app, CancellationToken.None));
    }

    /// <summary>Which side served a GET of <paramref name="path"/>, from the served-by header.</summary>
    public async Task<string> SideOfAsync(string path, string? user = null)
    {
        using var http = new HttpClient { BaseAddress = Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Add("X-User-Id", user);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues(ServedBy).Single().Split(';')[0];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
