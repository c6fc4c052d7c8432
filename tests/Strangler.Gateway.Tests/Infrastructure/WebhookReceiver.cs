using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>A real HTTP endpoint that keeps every JSON body POSTed to it: the rollout's webhook target.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Upstream _server;

    private WebhookReceiver(Upstream server) => _server = server;

    public string Url => _server.Url + "/hook";

    public ConcurrentQueue<JsonObject> Events { get; } = new();

    public IReadOnlyList<string> Names => [.. Events.Select(e => (string)e["event"]!)];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver(await Upstream.StartAsync("webhook"));
        receiver._server.Handler = async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            receiver.Events.Enqueue(JsonNode.Parse(body)!.AsObject());
            context.Response.StatusCode = 204;
        };
        return receiver;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
