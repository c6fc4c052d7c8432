using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strangler.Gateway;

namespace Strangler.Dashboard.Tests.Infrastructure;

/// <summary>
/// A real gateway (<see cref="GatewayApplication.Build"/>) on port 0 in front of <see cref="Upstreams"/>, with its
/// own temporary routes directory holding <c>customers</c> and <c>orders</c> in legacy mode. One per test, so flips
/// and traffic never leak between tests.
/// </summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;

    private GatewayUnderTest(WebApplication app, string url, string routesDirectory)
    {
        _app = app;
        Url = url;
        RoutesDirectory = routesDirectory;
    }

    public string Url { get; }

    public string RoutesDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GatewayUnderTest> StartAsync(
        Upstreams upstreams,
        IDictionary<string, string?>? settings = null,
        string? adminToken = AdminToken,
        ILoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var directory = Directory.CreateTempSubdirectory("strangler-dashboard-");
        var routes = Directory.CreateDirectory(Path.Combine(directory.FullName, "routes")).FullName;
        foreach (var name in new[] { "customers", "orders" })
        {
            await File.WriteAllTextAsync(Path.Combine(routes, name + ".json"), $$"""
                {"name":"{{name}}","paths":["/{{name}}","/{{name}}/{**rest}"],
                 "legacy":"{{upstreams.Legacy.Url}}","new":"{{upstreams.New.Url}}",
                 "mode":"legacy","canaryPercentage":0,"fallbackToLegacy":false,"revision":1,
                 "userKey":{"source":"header","name":"X-User-Id"} }
                """);
        }

        var config = new Dictionary<string, string?>
        {
            ["Strangler:Gateway:RoutesDirectory"] = routes,
            ["Strangler:Gateway:DefaultUpstream"] = upstreams.Legacy.Url,
            ["Strangler:Gateway:AdminToken"] = adminToken,
            ["Strangler:Gateway:HistoryFile"] = Path.Combine(directory.FullName, "history.jsonl"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var app = GatewayApplication.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.ClearProviders();
            services?.Invoke(builder.Services);
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
            }
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        return new GatewayUnderTest(app, url, routes);
    }

    /// <summary>A client with its own cookie jar, like one browser.</summary>
    public HttpClient Client() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(Url),
        };

    /// <summary>A client signed in to the dashboard, and the session's CSRF token.</summary>
    public async Task<(HttpClient Client, string Csrf)> SignedInClientAsync()
    {
        var client = Client();
        var response = await client.PostAsJsonAsync("/_strangler/session", new { token = AdminToken });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (client, body.GetProperty("csrfToken").GetString()!);
    }

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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Path.GetDirectoryName(RoutesDirectory)!, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the directory for a moment; the temp folder is cleaned by the OS later.
        }
    }
}
