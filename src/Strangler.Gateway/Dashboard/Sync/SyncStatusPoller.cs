using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Json;

namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>
/// Polls each configured sync worker's status endpoint on a timer and stores what it reports. A worker that is down
/// or answers garbage is marked unreachable with the reason; the others keep updating.
/// </summary>
internal sealed partial class SyncStatusPoller(
    IHttpClientFactory clients,
    SyncStatusStore store,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<SyncStatusPoller> logger) : BackgroundService
{
    public const string ClientName = "Strangler.Dashboard.Sync";
    private const string StatusPath = StranglerWire.SyncStatus;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A configured base URL gets the status path appended; a full status URL is used as is.</summary>
    public static string StatusUrl(string configured) =>
        configured.Contains(StatusPath, StringComparison.Ordinal) ? configured : configured.TrimEnd('/') + StatusPath;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var urls = options.Value.SyncStatusUrls.Where(u => !string.IsNullOrWhiteSpace(u)).Select(StatusUrl).ToList();
        if (urls.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.SyncPollInterval, time);
        do
        {
            await Task.WhenAll(urls.Select(url => PollAsync(url, stoppingToken)));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task PollAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            var client = clients.CreateClient(ClientName);
            var asked = time.GetUtcNow();
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (options.Value.SyncStatusToken is { Length: > 0 } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await client.SendAsync(request, cancellationToken);
            if (Refusal(response.StatusCode) is { } refused)
            {
                Failed(url, refused);
                return;
            }

            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            SyncStatusDocument? document;
            try
            {
                document = JsonSerializer.Deserialize<SyncStatusDocument>(body, Json);
            }
            catch (JsonException ex)
            {
                Failed(url, "the status is not valid JSON " + JsonErrorPosition.Describe(body, ex));
                return;
            }

            var pipelines = document?.Pipelines;
            if (pipelines is null || pipelines.Any(p => string.IsNullOrEmpty(p.Name)))
            {
                store.RecordFailure(url, "the status document has no 'pipelines' array or a pipeline without 'name'");
                return;
            }

            // An entry that is null itself is passed on as it came (the dashboard's tests feed one to its renderer).
            store.RecordSuccess(url, [.. pipelines.Select(p => p with { CommittedOffsets = [.. (p.CommittedOffsets ?? []).Select(c => c?.Normalized()!)] })],
                document!.Drift ?? [], asked);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Failed(url, ex.Message);
        }
    }

    // The worker's refusals of the status token, in the dashboard's settings' words (neither token is shown).
    private static string? Refusal(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "the worker refused the status token: Strangler:Dashboard:SyncStatusToken is not the worker's Strangler:Sync:StatusToken, or the worker has none (leave both unset for the status without error texts)",
        HttpStatusCode.TooManyRequests => "the worker refuses the status token for now: too many wrong tokens came from this address",
        _ => null,
    };

    private void Failed(string url, string reason)
    {
        LogPollFailed(logger, url, reason);
        store.RecordFailure(url, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync status poll of {Url} failed: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string url, string reason);
}
