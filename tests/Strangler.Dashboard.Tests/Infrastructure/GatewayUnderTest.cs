using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strangler.Dashboard.Tests.Infrastructure;

/// <summary>
/// The dashboard tests' preset of the shared <see cref="GatewayHost"/>: its own temporary directory holding
/// <c>routes/</c> (<c>customers</c> and <c>orders</c> in legacy mode, no fallback) and the history file, in front of
/// <see cref="Upstreams"/>. One per test, so flips and traffic never leak between tests.
/// </summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    public const string AdminToken = GatewayHost.AdminToken;
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly GatewayHost _host;

    private GatewayUnderTest(GatewayHost host) => _host = host;

    public string Url => _host.Url;

    public string RoutesDirectory => _host.RoutesDirectory;

    public IServiceProvider Services => _host.Services;

    public static async Task<GatewayUnderTest> StartAsync(
        Upstreams upstreams,
        IDictionary<string, string?>? settings = null,
        string? adminToken = AdminToken,
        ILoggerProvider? logs = null,
        Action<IServiceCollection>? services = null,
        Action<string>? editRoutes = null)
    {
        var directory = Directory.CreateTempSubdirectory("strangler-dashboard-").FullName;
        var routes = Path.Combine(directory, "routes");
        foreach (var name in new[] { "customers", "orders" })
        {
            var route = RouteFiles.Route(name, upstreams.Legacy.Url, upstreams.New.Url);
            route["fallbackToLegacy"] = false;
            RouteFiles.Write(routes, route);
        }

        // Before the gateway reads them: a start over bad files is not the same as a bad edit while it runs.
        editRoutes?.Invoke(routes);

        var config = new Dictionary<string, string?>
        {
            ["Strangler:Gateway:AdminToken"] = adminToken,
            ["Strangler:Gateway:HistoryFile"] = Path.Combine(directory, "history.jsonl"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        return new GatewayUnderTest(await GatewayHost.StartAsync(routes, upstreams.Legacy.Url, config, services: (Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>?)services, ownedDirectory: directory, logs: logs));
    }

    /// <summary>A client with its own cookie jar, like one browser.</summary>
    public HttpClient Client() => _host.NewBrowserClient();

    /// <summary>A client signed in to the dashboard, and the session's CSRF token.</summary>
    public Task<(HttpClient Client, string Csrf)> SignedInClientAsync() => _host.SignedInClientAsync();

    /// <summary>Sends proxied traffic and checks it arrived, so figures in the dashboard have a known source.</summary>
    public async Task SendAsync(HttpClient client, string path, int times, string expectedBody)
    {
        for (var i = 0; i < times; i++)
        {
            var body = await client.GetStringAsync(path.Replace("{i}", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (body != expectedBody)
            {
                throw new InvalidOperationException($"{path} answered '{body}', expected '{expectedBody}'");
            }
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
