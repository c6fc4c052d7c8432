using Strangler.Gateway;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>
/// The CLI tests' preset of the shared <see cref="GatewayHost"/>: its own routes directory (customers, and orders on
/// legacy at both ends), an admin token the CLI is given with <see cref="AdminArgs"/>.
/// </summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    public const string Token = GatewayHost.AdminToken;
    public const string ServedBy = StranglerWire.ServedByHeader;

    private readonly GatewayHost _host;
    private readonly TempDirectory _directory;

    private GatewayUnderTest(GatewayHost host, TempDirectory directory)
    {
        _host = host;
        _directory = directory;
        Url = new Uri(host.Url);
    }

    public Uri Url { get; }

    public string RoutesDirectory => _host.RoutesDirectory;

    public string[] AdminArgs => ["--gateway", Url.ToString(), "--token", Token];

    public static async Task<GatewayUnderTest> StartAsync(UpstreamsFixture upstreams)
    {
        var directory = new TempDirectory();
        var routes = directory.Combine("routes");
        RouteFiles.Write(routes, "customers", upstreams.Legacy, upstreams.New);
        RouteFiles.Write(routes, "orders", upstreams.Legacy, upstreams.Legacy);
        var host = await GatewayHost.StartAsync(routes, upstreams.Legacy.ToString(), ownedDirectory: null);
        return new GatewayUnderTest(host, directory);
    }

    /// <summary>Which side served a GET of <paramref name="path"/>, from the served-by header.</summary>
    public Task<string> SideOfAsync(string path, string? user = null) => _host.SideOfAsync(path, user);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }
}
