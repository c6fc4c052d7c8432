using System.Diagnostics;
using System.Diagnostics.Metrics;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Shadow instruments on the gateway's meter: counters per sub-domain and endpoint (endpoints capped by
/// <see cref="ShadowOptions.MaxEndpoints"/>, so the tag stays bounded) and the diff-rate gauge per sub-domain.
/// </summary>
internal sealed class ShadowMetrics
{
    /// <summary>Window of the <c>strangler.gateway.shadow.diff_rate</c> gauge.</summary>
    public static readonly TimeSpan GaugeWindow = TimeSpan.FromMinutes(5);

    private readonly Counter<long> _sent;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _timedOut;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _compared;
    private readonly Counter<long> _differing;
    private readonly Counter<long> _tooLarge;

    public ShadowMetrics(IMeterFactory meterFactory, RouteTableStore routes, ShadowResults results, ShadowHeadroom headroom, TimeProvider time)
    {
        var meter = meterFactory.Create(GatewayInstruments.MeterName);
        _sent = meter.CreateCounter<long>("strangler.gateway.shadow.sent", "{request}", "Shadow requests sent to the new side.");
        _dropped = meter.CreateCounter<long>("strangler.gateway.shadow.dropped", "{request}",
            "Shadow requests not sent: gateway busy, queue full, memory budget spent, or request body too large to replay (tag reason).");
        _skipped = meter.CreateCounter<long>("strangler.gateway.shadow.skipped", "{request}",
            "Sampled requests not shadowed by their nature: an upgraded connection or an event stream (tag reason).");
        _timedOut = meter.CreateCounter<long>("strangler.gateway.shadow.timeouts", "{request}", "Shadow requests that exceeded the route's shadow timeout.");
        _failed = meter.CreateCounter<long>("strangler.gateway.shadow.failures", "{request}", "Shadow requests that failed in transport.");
        _compared = meter.CreateCounter<long>("strangler.gateway.shadow.compared", "{request}", "Shadow answers compared with legacy's.");
        _differing = meter.CreateCounter<long>("strangler.gateway.shadow.differing", "{request}",
            "Compared shadow answers that differed beyond ignored paths and noise, as judged when compared.");
        _tooLarge = meter.CreateCounter<long>("strangler.gateway.shadow.too_large", "{request}",
            "Compared shadow answers with a body over maxBodyBytes: compared by status, headers and hash only.");
        meter.CreateObservableGauge("strangler.gateway.shadow.diff_rate", () => ObserveRates(routes, results, time), "1",
            "Differing over compared shadow requests in the last 5 minutes, per sub-domain (absent when none were compared).");
        meter.CreateObservableGauge("strangler.gateway.shadow.thread_wait", () => headroom.Wait, "s",
            "How long the gateway's work waits for a thread, smoothed; above Strangler:Gateway:Shadow:BusyThreshold shadows are dropped as busy.");
    }

    public void Sent(string subdomain, string endpoint) => _sent.Add(1, Tags(subdomain, endpoint));

    public void Dropped(string subdomain, string endpoint, string reason)
    {
        var tags = Tags(subdomain, endpoint);
        tags.Add("reason", reason);
        _dropped.Add(1, tags);
    }

    public void Skipped(string subdomain, string endpoint, string reason)
    {
        var tags = Tags(subdomain, endpoint);
        tags.Add("reason", reason);
        _skipped.Add(1, tags);
    }

    public void TimedOut(string subdomain, string endpoint) => _timedOut.Add(1, Tags(subdomain, endpoint));

    public void Failed(string subdomain, string endpoint) => _failed.Add(1, Tags(subdomain, endpoint));

    public void Compared(string subdomain, string endpoint, bool differing, bool tooLarge)
    {
        var tags = Tags(subdomain, endpoint);
        _compared.Add(1, tags);
        if (differing)
        {
            _differing.Add(1, tags);
        }

        if (tooLarge)
        {
            _tooLarge.Add(1, tags);
        }
    }

    private static TagList Tags(string subdomain, string endpoint) => new() { { "subdomain", subdomain }, { "endpoint", endpoint } };

    private static IEnumerable<Measurement<double>> ObserveRates(RouteTableStore routes, ShadowResults results, TimeProvider time)
    {
        var now = time.GetUtcNow();
        foreach (var route in routes.Current?.Routes ?? [])
        {
            if (results.Count(route.Name, now - GaugeWindow, now + TimeSpan.FromMinutes(1)).DiffRate is { } rate)
            {
                yield return new Measurement<double>(rate, new KeyValuePair<string, object?>("subdomain", route.Name));
            }
        }
    }
}
