using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Strangler.Gateway.Canary;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Dashboard.Inventory;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// The shadow feature's door on the request path (called by <see cref="GatewayProxy"/> for requests legacy serves):
/// decides whether this request is shadowed, and if so starts a <see cref="ShadowTap"/> that copies legacy's answer
/// as it streams to the client. Nothing here waits for the new side.
/// </summary>
internal sealed class ShadowTraffic(ShadowDispatcher dispatcher, ShadowBudget budget, ShadowHeadroom headroom, ShadowResults results,
    ICanaryRandom random, IOptions<GatewayOptions> options, TimeProvider time)
{
    private const string EventStream = "text/event-stream";

    private readonly string _clientCookie = options.Value.ClientCookieName;

    /// <summary>A tap when <paramref name="route"/> shadows this request; null (and nothing changed) otherwise.</summary>
    public async ValueTask<ShadowTap?> TryBeginAsync(HttpContext context, ActiveRoute route, ShadowPlan plan)
    {
        var request = context.Request;
        if (!plan.Methods.Contains(request.Method) || !IsSampled(context, route, plan))
        {
            return null;
        }

        var endpoint = results.For(plan.Subdomain).Admit($"{request.Method} {PathTemplate.Fold(request.Path.Value)}");
        if (IsUpgrade(context) || AsksForEventStream(request))
        {
            dispatcher.Skipped(plan, endpoint, IsUpgrade(context) ? ShadowSkips.Upgrade : ShadowSkips.EventStream);
            return null;
        }

        if (headroom.IsBusy)
        {
            dispatcher.Dropped(plan, endpoint, "busy");
            return null;
        }

        byte[]? body = null;
        if (HasBody(context))
        {
            body = await BufferBodyAsync(context, plan.Settings.MaxBodyBytes);
            if (body is null)
            {
                dispatcher.Dropped(plan, endpoint, "request_too_large");
                return null;
            }
        }

        var noise = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && random.NextBucket() < plan.Settings.NoisePercentage * (CanaryBucket.Count / 100);
        var headers = request.Headers
            .Where(h => ShadowClient.IsReplayed(h.Key) && !string.Equals(h.Key, ShadowHeaders.Marker, StringComparison.OrdinalIgnoreCase)
                && !ForwardedHeaders.IsSetByGateway(h.Key))
            .Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray()!))
            .Concat(ForwardedHeaders.Of(context).Select(h => KeyValuePair.Create(h.Name, new string?[] { h.Value })))
            .ToArray();
        var replay = new ShadowRequest(request.Method, request.Path.Value + request.QueryString.Value, headers!, body);
        return new ShadowTap(this, plan, endpoint, route.LegacyPrefix, route.NewPrefix, replay, noise, context, time);
    }

    /// <summary>Queues a finished tap's work, or counts it as dropped when the memory budget is spent.</summary>
    internal void Submit(ShadowWork work)
    {
        if (!budget.TryReserve(work.ReservedBytes))
        {
            dispatcher.Dropped(work.Plan, work.Endpoint, "memory");
            work.Dispose();
            return;
        }

        dispatcher.Enqueue(work);
    }

    // Sticky per user like the canary, with its own cohort: the same users are shadowed on every request. The
    // gateway's client cookie is read but never set here: shadowing must not change the client's response.
    private bool IsSampled(HttpContext context, ActiveRoute route, ShadowPlan plan)
    {
        if (plan.Settings.Percentage >= 100)
        {
            return true;
        }

        var key = UserKeyResolver.Resolve(context, route.Definition.UserKey)
            ?? (_clientCookie.Length > 0 ? context.Request.Cookies[_clientCookie] : null);
        var bucket = string.IsNullOrEmpty(key) ? random.NextBucket() : CanaryBucket.Of(plan.SamplingCohort, key);
        return CanaryBucket.IsNew(bucket, plan.Settings.Percentage);
    }

    /// <summary>Counts a tapped request whose answer turned out to be an event stream (<see cref="ShadowTap"/>).</summary>
    internal void Skipped(ShadowPlan plan, string endpoint, string reason) => dispatcher.Skipped(plan, endpoint, reason);

    /// <summary>Whether <paramref name="contentType"/> (a Content-Type or one media range of an Accept) is Server-Sent Events.</summary>
    internal static bool IsEventStream(StringSegment contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals(EventStream, StringComparison.OrdinalIgnoreCase);

    // See ShadowSkips.Upgrade: compared with legacy's 101, every connection counted a difference (in the report, the
    // diff-rate gauge and the rollout gates that read it).
    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    // An EventSource always sends this Accept; the answer is not waited for to skip, so no replay is ever queued.
    private static bool AsksForEventStream(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges)
        && ranges.Any(range => range.MediaType.Equals(EventStream, StringComparison.OrdinalIgnoreCase));

    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength > 0
        || (context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);

    /// <summary>
    /// Reads the request body into memory for the replay when it fits <paramref name="max"/>; otherwise puts back
    /// what was read in front of the rest, so legacy still gets it whole, and returns null.
    /// </summary>
    private static async Task<byte[]?> BufferBodyAsync(HttpContext context, long max)
    {
        var request = context.Request;
        if (request.ContentLength > max)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > max)
                {
                    request.Body = new PrefixedStream(buffer.ToArray(), request.Body);
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The client left mid-upload (or sent a malformed body): nothing to replay. The forward then meets the same
            // failure as it would without a shadow, so a client gone is recorded as 499 (client closed request) like on
            // every other route, not as a 500 of the gateway's own with no metric.
            request.Body = new PrefixedStream(buffer.ToArray(), request.Body);
            return null;
        }

        var body = buffer.ToArray();
        request.Body = new MemoryStream(body, writable: false);
        return body;
    }
}
