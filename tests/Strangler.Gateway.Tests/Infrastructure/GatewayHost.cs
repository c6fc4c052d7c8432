using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>The real gateway (<see cref="GatewayApplication.Build"/>) on a loopback port, over a temp routes directory.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789";

    private readonly bool _ownsDirectory;

    private GatewayHost(WebApplication app, string routesDirectory, bool ownsDirectory)
    {
        App = app;
        RoutesDirectory = routesDirectory;
        _ownsDirectory = ownsDirectory;
    }

    public WebApplication App { get; }

    public string RoutesDirectory { get; }

    public HttpClient Client { get; private set; } = null!;

    public static async Task<GatewayHost> StartAsync(string routesDirectory, Upstream defaultUpstream,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool ownsDirectory = true)
    {
        var args = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Strangler:Gateway:RoutesDirectory"] = routesDirectory,
            ["Strangler:Gateway:DefaultUpstream"] = defaultUpstream.Url,
            ["Strangler:Gateway:AdminToken"] = AdminToken,
            ["Strangler:Gateway:ServedByHeader"] = "X-Strangler-Served-By",
            ["Strangler:Gateway:OverrideSigningKey"] = "test-signing-key-0123456789-0123456789",
            ["Strangler:Gateway:ReloadDebounce"] = "00:00:00.050",
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
                services?.Invoke(builder.Services);
            });
        await app.StartAsync();
        var host = new GatewayHost(app, routesDirectory, ownsDirectory);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
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
        var servedBy = response.Headers.TryGetValues("X-Strangler-Served-By", out var values) ? values.Single() : null;
        return (body, servedBy, response);
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> AdminAsync(HttpMethod method, string path,
        object? body = null, string? token = AdminToken)
    {
        using var request = new HttpRequestMessage(method, "/_strangler/api" + path);
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
        if (!_ownsDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(RoutesDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
