using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Breakers;
using Strangler.Gateway.Canary;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Logging;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.Stalls;
using Strangler.Text;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The request handler behind every path the gateway does not serve itself. Built on YARP's
/// <see cref="IHttpForwarder"/> rather than its config-driven pipeline because the side is chosen per request
/// (sticky canary, signed override, breaker) and a failed new-side GET must be re-sent to legacy within the same
/// request: both need the forward call in our hands. YARP still does the streaming, headers and connection pooling.
/// </summary>
internal sealed class GatewayProxy(
    IHttpForwarder forwarder,
    UpstreamClient client,
    RouteTableStore store,
    SideSelector selector,
    BreakerRegistry breakers,
    GatewayMetrics metrics,
    StallWatchdog stalls,
    ShadowTraffic shadow,
    IOptions<GatewayOptions> options,
    IOptions<DashboardOptions> dashboard,
    TimeProvider time,
    RepeatedWarnings warnings,
    ShutdownDrain drain,
    ILogger<GatewayProxy> logger,
    ILoggerFactory loggerFactory)
{
    // RepeatedWarnings codes beside the forwarder's errors (0 and up), and the kind of a fallback (beside the sides).
    private const int FallbackWarning = -1;
    private const int ClientGaveUpWarning = -2;

    private readonly GatewayOptions _options = options.Value;
    private readonly string _defaultUpstream = options.Value.DefaultUpstream.TrimEnd('/');
    private readonly ForwarderRequestConfig _requestConfig = new() { ActivityTimeout = options.Value.UpstreamTimeout };
    private readonly ILogger? _accessLog = options.Value.AccessLog.Enabled ? loggerFactory.CreateLogger(AccessLog.Category) : null;
    private readonly IReadOnlyList<string> _strippedHeaders = options.Value.StrippedRequestHeaders;

    // Where the dashboard's session cookie goes; the default, under /_strangler, is in the namespace already.
    private readonly string? _dashboardPathBase = dashboard.Value.Enabled ? dashboard.Value.PathBase : null;

    // On the system clock (always, but in tests) an attempt's own timestamps serve the stall check: no clock read more.
    private readonly bool _stallClockShared = stalls.SharesClockWith(time);

    public Task InvokeAsync(HttpContext context) => _accessLog is null ? ProxyAsync(context) : ProxyAndLogAsync(context, _accessLog);

    private async Task ProxyAndLogAsync(HttpContext context, ILogger accessLog)
    {
        var started = time.GetTimestamp();
        Served served;
        try
        {
            served = await ProxyAsync(context);
        }
        catch
        {
            // The exception itself is logged by the host; the access log still gets its one line per request.
            LogAccess(context, accessLog, Served.NotForwarded, StatusCodes.Status500InternalServerError, started);
            throw;
        }

        LogAccess(context, accessLog, served,
            context.Features.Get<ShutdownCutOff>() is null ? context.Response.StatusCode : ShutdownCutOff.Status, started);
    }

    private void LogAccess(HttpContext context, ILogger accessLog, Served served, int status, long started) =>
        AccessLog.Request(accessLog, context.Request.Method, TerminalText.Escape(context.Request.Path.Value ?? "/"), status, served.Side, served.Route,
            Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 2));

    private async Task<Served> ProxyAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        // Matched as a Java monolith reads it, forwarded as sent (RequestPathGuard.WithoutParameters).
        var routed = RequestPathGuard.WithoutParameters(path) ?? path;
        if (RequestPathGuard.IsGatewayNamespace(routed, _dashboardPathBase))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Served.NotForwarded;
        }

        if (_options.RejectAmbiguousPaths && RequestPathGuard.Ambiguity(path) is { } ambiguity)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Ambiguous path",
                detail: $"The path holds {ambiguity}: the upstream could serve another path than the one routed, so the gateway refuses it.")
                .ExecuteAsync(context);
            return Served.NotForwarded;
        }

        // One snapshot per request: a flip during the request cannot change where it goes.
        var table = store.Current;
        if (table is null)
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Route table not loaded",
                detail: "The gateway has no valid route table yet; its log names the load errors, as does lastLoadError in " +
                    "GET /_strangler/api/routes (with the admin token).").ExecuteAsync(context);
            return Served.NotForwarded;
        }

        // Bodies stream through; the upstream, not the gateway, decides how large a request body may be.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var route = table.Match(routed);
        if (route is null)
        {
            RemoveGatewayHeaders(context);
            await ForwardAsync(context, GatewayMetrics.Unclaimed, Side.Legacy, _defaultUpstream, "legacy; unclaimed", intercept: false);
            return new Served(GatewayMetrics.Unclaimed, Side.Legacy);
        }

        var decision = selector.Decide(context, route);
        RemoveGatewayHeaders(context);
        if (decision.Side == Side.Legacy)
        {
            var tap = route.Shadow is { } plan ? await shadow.TryBeginAsync(context, route, plan) : null;
            try
            {
                await ForwardAsync(context, route.Name, Side.Legacy, route.LegacyPrefix, route.ServedByLegacy, intercept: false);
            }
            finally
            {
                tap?.End(context);
            }

            return new Served(route.Name, Side.Legacy);
        }

        var canFallBack = route.Definition.FallbackToLegacy && decision.Reason != DecisionReason.Override && HasNoBody(context);
        var attempt = await ForwardAsync(context, route.Name, Side.New, route.NewPrefix, route.ServedByNew, intercept: canFallBack);
        if (decision.Reason != DecisionReason.Override)
        {
            // An attempt that spanned a stall of this gateway says nothing of the new side: like a client that left.
            RecordBreaker(route.Name, attempt.Failed, context.RequestAborted.IsCancellationRequested || attempt.Stalled);
        }

        if (attempt.Failed && canFallBack && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            if (warnings.ShouldWrite(route.Name, FallbackWarning, attempt.Status, out var heldBack))
            {
                GatewayLog.FallingBack(logger, route.Name, attempt.Status, heldBack);
            }

            metrics.RecordFallback(route.Name, attempt.Stalled);
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            await ForwardAsync(context, route.Name, Side.Legacy, route.LegacyPrefix, route.ServedByLegacy, intercept: false);
            return new Served(route.Name, Side.Legacy);
        }

        return new Served(route.Name, Side.New);
    }

    private async Task<(bool Failed, int Status, bool Stalled)> ForwardAsync(HttpContext context, string subdomain, Side side, string prefix,
        string servedBy, bool intercept)
    {
        if (_options.ServedByHeader.Length > 0)
        {
            context.Response.Headers[_options.ServedByHeader] = servedBy;
        }

        var transformer = intercept ? new GatewayTransformer(interceptFailures: true) : GatewayTransformer.PassThrough;
        var started = time.GetTimestamp();
        var stallStarted = _stallClockShared ? started : stalls.Now();
        var error = await forwarder.SendAsync(context, prefix, client.Invoker, _requestConfig, transformer);
        var ended = time.GetTimestamp();
        var aborted = context.RequestAborted.IsCancellationRequested;
        // Cut off by the host's shutdown timeout: the gateway's doing, said once for all of them when the host has stopped.
        var cutOff = error != ForwarderError.None && aborted && drain.CutOff();
        if (cutOff)
        {
            // Recorded as the shutdown's, the same whether its answer had started (it would read as the upstream's 200)
            // or not (as a client's 499).
            context.Features.Set(ShutdownCutOff.Mark);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = ShutdownCutOff.Status;
            }
        }
        else if (error == ForwarderError.RequestCanceled && aborted && !context.Response.HasStarted)
        {
            ClientGaveUp(context, subdomain, side, time.GetElapsedTime(started, ended));
        }

        var status = cutOff ? ShutdownCutOff.Status : transformer.SuppressedStatus ?? context.Response.StatusCode;
        // A client that went away, or sent a body that broke off or did not parse, is not an upstream failure: it must
        // not count as an error or trip the breaker (YARP answers such a body 400, which is what is recorded).
        var failed = !context.RequestAborted.IsCancellationRequested && (status >= 500 || (error != ForwarderError.None && !IsClientFault(error)));
        var stalled = stalls.Overlapped(stallStarted, _stallClockShared ? ended : stalls.Now());
        metrics.RecordAttempt(subdomain, side, status, failed, time.GetElapsedTime(started, ended), stalled);
        context.Features.Get<ForwardingOutcomes>()?.Add(subdomain, side, status);
        if (error != ForwarderError.None && !IsClientFault(error) && !context.RequestAborted.IsCancellationRequested
            && warnings.ShouldWrite(subdomain, (int)side, (int)error, out var heldBack))
        {
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            GatewayLog.UpstreamFailed(logger, GatewayMetrics.SideText(side), subdomain, error, status,
                exception is null ? "no exception recorded" : ExceptionText.Messages(exception), heldBack,
                exception is HttpRequestException or IOException or OperationCanceledException ? null : exception);
        }

        return (failed, status, stalled);
    }

    // The client left before the upstream answered. YARP then sets 400, which the metrics, the dashboard and the access
    // log would show as the upstream refusing the request; 499 (nginx's "client closed request") says what happened.
    // It is not an upstream failure (a user may just have left), but it is how an upstream that hangs shows before
    // UpstreamTimeout: clients give up long before its 100 s, so the warning says how long this one waited.
    private void ClientGaveUp(HttpContext context, string subdomain, Side side, TimeSpan waited)
    {
        context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        if (warnings.ShouldWrite(subdomain, (int)side, ClientGaveUpWarning, out var heldBack))
        {
            GatewayLog.ClientGaveUp(logger, Math.Round(waited.TotalSeconds, 1), GatewayMetrics.SideText(side), subdomain, heldBack,
                _options.UpstreamTimeout);
        }
    }

    // The override token is for the gateway only, and only the gateway marks a request as a shadow (a client cannot
    // make the new side skip its commit): no upstream sees either from a client, the default upstream included. Nor
    // the headers ops list in StripRequestHeaders (a path to serve instead, a client address): removed before the
    // shadow copies the request, so its copy has none of them either.
    private void RemoveGatewayHeaders(HttpContext context)
    {
        var headers = context.Request.Headers;
        headers.Remove(_options.OverrideHeader);
        headers.Remove(ShadowHeaders.Marker);
        foreach (var name in _strippedHeaders)
        {
            headers.Remove(name);
        }
    }

    private void RecordBreaker(string subdomain, bool failed, bool aborted)
    {
        var breaker = breakers.For(subdomain);
        if (aborted)
        {
            breaker.Abandon();
        }
        else if (!failed)
        {
            if (breaker.RecordSuccess())
            {
                GatewayLog.BreakerClosed(logger, subdomain);
            }
        }
        else if (breaker.RecordFailure())
        {
            GatewayLog.BreakerOpened(logger, subdomain, _options.Breaker.OpenDuration);
        }
    }

    private static bool IsClientFault(ForwarderError error) =>
        error is ForwarderError.RequestBodyClient or ForwarderError.UpgradeRequestClient or ForwarderError.ResponseBodyClient
            or ForwarderError.UpgradeResponseClient;

    // Only a request without a body can be sent twice: a streamed body has been consumed by the first attempt.
    private static bool HasNoBody(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true
        && context.Request.ContentLength is null or 0;
}
