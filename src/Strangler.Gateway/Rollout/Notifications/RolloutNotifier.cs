using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Rollout.Notifications;

/// <summary>
/// Sends rollout events to the configured webhooks in order, off the controller's path: a slow or dead receiver
/// delays notifications, never a rollback. The queue is bounded; past it the oldest event is dropped (and logged).
/// </summary>
internal sealed class RolloutNotifier(IHttpClientFactory clients, IOptions<RolloutOptions> options, ILogger<RolloutNotifier> logger)
    : BackgroundService
{
    public const string ClientName = "Strangler.Rollout.Webhook";

    private readonly Channel<RolloutEvent> _queue = Channel.CreateBounded<RolloutEvent>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Publish(RolloutEvent @event)
    {
        RolloutLog.Event(logger, @event.Subdomain, @event.Event, @event.Reason);
        if (options.Value.WebhookUrls.Count > 0)
        {
            _queue.Writer.TryWrite(@event);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var @event in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            var urls = options.Value.WebhookUrls;
            for (var i = 0; i < urls.Count; i++)
            {
                await SendAsync(urls[i], i, @event, stoppingToken);
            }
        }
    }

    private async Task SendAsync(string url, int index, RolloutEvent @event, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        try
        {
            using var response = await clients.CreateClient(ClientName)
                .PostAsJsonAsync(url, @event, RolloutJson.Compact, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                RolloutLog.WebhookFailed(logger, Named(url, index), @event.Event, @event.Subdomain, $"status {(int)response.StatusCode}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
        {
            RolloutLog.WebhookFailed(logger, Named(url, index), @event.Event, @event.Subdomain, ex.Message);
        }
    }

    /// <summary>
    /// A webhook as a log line names it: its key and its origin, never its path or query, where chat services put the
    /// webhook's secret (https://hooks.slack.com/services/T…/B…/&lt;secret&gt;).
    /// </summary>
    internal static string Named(string url, int index) =>
        $"{RolloutOptions.SectionName}:WebhookUrls:{index} ({(Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "?")})";
}
