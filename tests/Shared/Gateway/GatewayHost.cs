using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strangler.Gateway;

namespace Strangler.Tests.Shared;

/// <summary>
/// The one gateway rig: the real gateway (<see cref="GatewayApplication.Build"/>) on a loopback port (port 0), over a
/// routes directory, with an admin token, a served-by header and a fixed override signing key. Each test project's
/// preset (<c>Rig</c> here, <c>GatewayUnderTest</c> in the dashboard and CLI tests) starts one of these.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789";

    private readonly string? _ownedDirectory;

    private GatewayHost(WebApplication app, string routesDirectory, string? ownedDirectory)
    {
        App = app;
        RoutesDirectory = routesDirectory;
        _ownedDirectory = ownedDirectory;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public string RoutesDirectory { get; }

    /// <summary>The gateway's base URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url { get; private set; } = "";

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Starts the gateway over <paramref name="routesDirectory"/>, deleting it at dispose when <paramref name="ownsDirectory"/>.</summary>
    public static Task<GatewayHost> StartAsync(string routesDirectory, Upstream defaultUpstream,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool ownsDirectory = true) =>
        StartAsync(routesDirectory, defaultUpstream.Url, settings, services, ownsDirectory ? routesDirectory : null);

    /// <summary>
    /// Starts the gateway over <paramref name="routesDirectory"/>. <paramref name="settings"/> override the defaults
    /// (a null value removes one, e.g. the admin token); <paramref name="ownedDirectory"/> is deleted at dispose;
    /// <paramref name="logs"/>, when given, receives every log line from Debug up.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(string routesDirectory, string defaultUpstream,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        string? ownedDirectory = null, ILoggerProvider? logs = null)
    {
        var args = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Strangler:Gateway:RoutesDirectory"] = routesDirectory,
            ["Strangler:Gateway:DefaultUpstream"] = defaultUpstream,
            ["Strangler:Gateway:AdminToken"] = AdminToken,
            ["Strangler:Gateway:ServedByHeader"] = StranglerWire.ServedByHeader,
            ["Strangler:Gateway:OverrideSigningKey"] = "test-signing-key-0123456789-0123456789",
            ["Strangler:Gateway:ReloadDebounce"] = "00:00:00.050",
            // Shadows give way while the gateway's work waits for a thread (ShadowHeadroom). On a machine running
            // several test projects at once that happens at random and would drop the shadows a test counts; the
            // test of that shedding sets its own threshold.
            ["Strangler:Gateway:Shadow:BusyThreshold"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args[key] = value;
        }

        var app = GatewayApplication.Build(
            args.Where(a => a.Value is not null).Select(a => $"--{a.Key}={a.Value}").ToArray(),
            builder =>
            {
                builder.Logging.ClearProviders();
                if (logs is not null)
                {
                    builder.Logging.AddProvider(logs);
                    builder.Logging.SetMinimumLevel(LogLevel.Debug);
                }

                services?.Invoke(builder.Services);
            });
        await app.StartAsync();
        var host = new GatewayHost(app, routesDirectory, ownedDirectory);
        host.Url = KestrelHost.UrlOf(app);
        host.Client = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromSeconds(60) };
        return host;
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async Task<(string Body, string? ServedBy, HttpResponseMessage Response)> GetAsync(string path, string? userId = null,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (userId is not null)
        {
            request.Headers.Add("X-User-Id", userId);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var servedBy = response.Headers.TryGetValues(StranglerWire.ServedByHeader, out var values) ? values.Single() : null;
        return (body, servedBy, response);
    }

    /// <summary>Which side (<c>legacy</c> or <c>new</c>) served a GET of <paramref name="path"/>, from the served-by header.</summary>
    public async Task<string> SideOfAsync(string path, string? userId = null)
    {
        var (_, servedBy, response) = await GetAsync(path, userId);
        using (response)
        {
            response.EnsureSuccessStatusCode();
            return servedBy!.Split(';')[0];
        }
    }

    /// <summary>A new client with its own cookie jar and no redirects, like one browser.</summary>
    public HttpClient NewBrowserClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(Url),
        };

    /// <summary>A browser-like client signed in to the dashboard, and the session's CSRF token.</summary>
    public async Task<(HttpClient Client, string Csrf)> SignedInClientAsync(string token = AdminToken)
    {
        var client = NewBrowserClient();
        var response = await client.PostAsJsonAsync(StranglerWire.Dashboard + "/session", new { token });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (client, body.GetProperty("csrfToken").GetString()!);
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> AdminAsync(HttpMethod method, string path,
        object? body = null, string? token = AdminToken)
    {
        using var request = new HttpRequestMessage(method, StranglerWire.AdminApi + path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is string raw)
        {
            request.Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownedDirectory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(_ownedDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the directory for a moment; a temp directory left behind is harmless.
        }
    }
}
