using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Reconcile.Continuous;

/// <summary>
/// The latest continuous check per projection: read by the status endpoint and exported as the
/// <c>strangler.sync.reconcile.drift</c> gauge on the <c>Strangler.Sync</c> meter.
/// </summary>
internal sealed class DriftBoard
{
    private readonly ConcurrentDictionary<string, DriftResult> _latest = new(StringComparer.Ordinal);

    public DriftBoard(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SyncMetrics.MeterName);
        // A skipped check measured nothing: a drift of 0 from it would read as agreement, so it is left out of these
        // two and counted by the third, which says why.
        meter.CreateObservableGauge("strangler.sync.reconcile.drift",
            () => _latest.Values.Where(r => r.Skipped is null).Select(r => new Measurement<double>(r.Drift, new TagList { { "projection", r.Projection } })),
            description: "Share of the last random sample of keys whose legacy rows and document differ, per projection.");
        meter.CreateObservableGauge("strangler.sync.reconcile.sampled",
            () => _latest.Values.Where(r => r.Skipped is null).Select(r => new Measurement<int>(r.Sampled, new TagList { { "projection", r.Projection } })),
            unit: "{key}", description: "Keys in the last random sample, per projection.");
        meter.CreateObservableGauge("strangler.sync.reconcile.skipped",
            () => _latest.Values.Where(r => r.Skipped is not null)
                .Select(r => new Measurement<int>(1, new TagList { { "projection", r.Projection }, { "reason", r.Skipped } })),
            description: "1 per projection whose last continuous check was skipped, tagged with why (no partitions assigned).");
    }

    /// <summary>The latest result of each projection, ordered by name.</summary>
    public IReadOnlyList<DriftResult> Latest => [.. _latest.Values.OrderBy(r => r.Projection, StringComparer.Ordinal)];

    public void Publish(DriftResult result) => _latest[result.Projection] = result;
}
