using System.Diagnostics;
using System.Diagnostics.Metrics;
using Strangler.Gateway.Breakers;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Metrics;

/// <summary>The gateway's instruments, named by <see cref="GatewayInstruments"/> (a contract with the dashboard and Prometheus users).</summary>
internal sealed class GatewayMetrics
{
    /// <summary>Subdomain tag for paths no sub-domain claims.</summary>
    public const string Unclaimed = "(unclaimed)";

    // Seconds, not the exporters' millisecond defaults: from a fast local hop to a slow streamed export.
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _stallExcluded;

    // Set on the recording thread while the measurements of an attempt that was in flight during a stall of this
    // process are taken. The dashboard's listener, which MeterListener calls synchronously on this same thread, leaves
    // them out of the figures the rollout judges; Prometheus keeps them, since clients did see those outcomes.
    [ThreadStatic]
    private static bool _recordingStalled;

    public GatewayMetrics(IMeterFactory meterFactory, RouteTableStore routes, BreakerRegistry breakers)
    {
        var meter = meterFactory.Create(GatewayInstruments.MeterName);
        _requests = meter.CreateCounter<long>(GatewayInstruments.Requests, "{request}", "Requests forwarded, per sub-domain, side and status.");
        _duration = meter.CreateHistogram<double>(GatewayInstruments.Duration, "s",
            "Time to forward a request and stream its response.", tags: null, DurationAdvice);
        _errors = meter.CreateCounter<long>(GatewayInstruments.Errors, "{request}", "Upstream 5xx responses and transport failures.");
        _fallbacks = meter.CreateCounter<long>(GatewayInstruments.Fallbacks, "{request}", "Failed new-side requests retried on legacy.");
        _stallExcluded = meter.CreateCounter<long>(GatewayInstruments.StallExcluded, "{request}",
            "Requests in flight while this gateway stalled, left out of the rollout evidence (they are still in the other instruments).");
        meter.CreateObservableGauge(GatewayInstruments.BreakerOpen, () => ObserveBreakers(routes, breakers), "{breaker}",
            "1 while a sub-domain's breaker keeps traffic off its new side.");
    }

    /// <summary>True while an attempt that overlapped a stall is being recorded on this thread: not rollout evidence.</summary>
    public static bool RecordingStalled => _recordingStalled;

    /// <summary>Records an attempt; one that was in flight during a stall of this gateway is kept out of the evidence.</summary>
    public void RecordAttempt(string subdomain, Side side, int status, bool failed, TimeSpan elapsed, bool stalled)
    {
        if (!stalled)
        {
            Record(subdomain, side, status, failed, elapsed);
            return;
        }

        _recordingStalled = true;
        try
        {
            Record(subdomain, side, status, failed, elapsed);
            _stallExcluded.Add(1, new TagList { { GatewayInstruments.SubdomainTag, subdomain }, { GatewayInstruments.SideTag, SideText(side) } });
        }
        finally
        {
            _recordingStalled = false;
        }
    }

    private void Record(string subdomain, Side side, int status, bool failed, TimeSpan elapsed)
    {
        var sideText = SideText(side);
        var tags = new TagList { { GatewayInstruments.SubdomainTag, subdomain }, { GatewayInstruments.SideTag, sideText }, { GatewayInstruments.StatusTag, BoxedStatus(status) } };
        _requests.Add(1, tags);
        var shortTags = new TagList { { GatewayInstruments.SubdomainTag, subdomain }, { GatewayInstruments.SideTag, sideText } };
        _duration.Record(elapsed.TotalSeconds, shortTags);
        if (failed)
        {
            _errors.Add(1, shortTags);
        }
    }

    /// <summary>A fallback after an attempt that overlapped a stall is counted, but not on the dashboard nor as evidence.</summary>
    public void RecordFallback(string subdomain, bool stalled)
    {
        _recordingStalled = stalled;
        try
        {
            _fallbacks.Add(1, new KeyValuePair<string, object?>(GatewayInstruments.SubdomainTag, subdomain));
        }
        finally
        {
            _recordingStalled = false;
        }
    }

    public static string SideText(Side side) => side == Side.New ? "new" : "legacy";

    // The status tag is an int (contract); boxing it once per code keeps the hot path allocation-free.
    private static readonly object[] StatusBoxes = Enumerable.Range(0, 600).Select(code => (object)code).ToArray();

    private static object BoxedStatus(int status) => (uint)status < StatusBoxes.Length ? StatusBoxes[status] : status;

    private static IEnumerable<Measurement<int>> ObserveBreakers(RouteTableStore routes, BreakerRegistry breakers)
    {
        foreach (var route in routes.Current?.Routes ?? [])
        {
            yield return new Measurement<int>(breakers.IsOpen(route.Name) ? 1 : 0, new KeyValuePair<string, object?>(GatewayInstruments.SubdomainTag, route.Name));
        }
    }
}
