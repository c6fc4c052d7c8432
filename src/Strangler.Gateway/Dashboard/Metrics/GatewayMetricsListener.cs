using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Strangler.Gateway.Metrics;

namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>
/// Listens to the gateway's own <c>Strangler.Gateway</c> meter in-process and feeds <see cref="TrafficHistory"/>, so
/// the dashboard needs no external time-series database. Meters created through this host's
/// <see cref="IMeterFactory"/> are matched by scope, so two gateways in one process do not see each other's traffic.
/// </summary>
internal sealed class GatewayMetricsListener(TrafficHistory history, IMeterFactory meterFactory) : IHostedService, IDisposable
{
    private readonly MeterListener _listener = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayInstruments.MeterName
                && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meterFactory))
                && GatewayInstruments.All.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => OnMeasurement(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => OnMeasurement(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => OnMeasurement(i, value, tags));
        _listener.Start();
        return Task.CompletedTask;
    }

    /// <summary>Asks observable instruments (the breaker gauge) for their current values.</summary>
    public void Refresh() => _listener.RecordObservableInstruments();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // An attempt in flight while this gateway stalled measured the stall, not its upstream (see StallWatchdog).
        if (GatewayMetrics.RecordingStalled)
        {
            return;
        }

        string? subdomain = null, side = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case GatewayInstruments.SubdomainTag: subdomain = tag.Value?.ToString(); break;
                case GatewayInstruments.SideTag: side = tag.Value?.ToString(); break;
            }
        }

        if (subdomain is null)
        {
            return;
        }

        switch (instrument.Name)
        {
            case GatewayInstruments.Requests when side is not null:
                history.RecordRequest(subdomain, side, (long)value);
                break;
            case GatewayInstruments.Errors when side is not null:
                history.RecordError(subdomain, side, (long)value);
                break;
            case GatewayInstruments.Duration when side is not null:
                history.RecordDuration(subdomain, side, value);
                break;
            case GatewayInstruments.Fallbacks:
                history.RecordFallback(subdomain, (long)value);
                break;
            case GatewayInstruments.BreakerOpen:
                history.RecordBreaker(subdomain, value >= 1);
                break;
        }
    }
}
