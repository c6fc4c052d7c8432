using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Reconcile and load jobs on the <c>Strangler.Sync</c> meter: keys done and findings as counters, the current rate and
/// how long the job has waited for its store as gauges, per projection and job, the counters also per phase
/// (<c>legacy keys</c> and <c>store ids</c> of a reconcile, <c>rows</c> of a load). Fed from the jobs' progress reports,
/// so the jobs themselves stay unaware of it.
/// </summary>
internal sealed class ReconcileMetrics
{
    private readonly Counter<long> _keys;
    private readonly Counter<long> _findings;
    // Both gauges from one entry, written at once from one report: with a dictionary each, a gauge read between the two
    // writes could pair one report's rate with the previous one's wait. A report that lands between the two gauges'
    // callbacks still shows in the second only: a collector calls each gauge on its own.
    private readonly ConcurrentDictionary<(string Projection, string Job), Gauges> _gauges = new();

    public ReconcileMetrics(Meter meter)
    {
        _keys = meter.CreateCounter<long>("strangler.sync.reconcile.keys", unit: "{key}", description: "Keys a reconcile or load job has done.");
        _findings = meter.CreateCounter<long>("strangler.sync.reconcile.findings", unit: "{finding}", description: "Findings a reconcile or load job has reported.");
        meter.CreateObservableGauge("strangler.sync.reconcile.keys_per_second",
            () => _gauges.Select(g => new Measurement<double>(g.Value.Rate, Tags(g.Key.Projection, g.Key.Job))),
            unit: "{key}/s", description: "Keys per second of the running (or last) reconcile or load job; 0 while it waits for its store.");
        meter.CreateObservableGauge("strangler.sync.reconcile.waiting",
            () => _gauges.Select(g => new Measurement<double>(g.Value.Waiting, Tags(g.Key.Projection, g.Key.Job))),
            unit: "s", description: "How long the running reconcile or load job has waited for its store with no answer (another process holding the file); 0 while it is answered.");
    }

    /// <summary>
    /// A progress callback that records the growth between two reports of one run of <paramref name="job"/>
    /// (<c>reconcile</c> or <c>load</c>) and then calls <paramref name="next"/>. A job's first report, made before
    /// its first batch, carries what earlier runs did: it sets the baseline.
    /// </summary>
    public Action<ReconcileProgress> Observe(string projection, string job, Action<ReconcileProgress>? next)
    {
        long? keys = null;
        long findings = 0;
        return progress =>
        {
            if (keys is { } previous)
            {
                // By phase too: a reconcile's keys are the legacy rows' and then the store's ids, so their sum (twice
                // the customers, for a store that agrees) is no count of anything a dashboard would show.
                var tags = Tags(projection, job);
                tags.Add("phase", progress.Phase);
                _keys.Add(progress.KeysDone - previous, tags);
                _findings.Add(Math.Max(0, progress.Findings - findings), tags);
            }

            keys = progress.KeysDone;
            findings = progress.Findings;
            // A waiting job repeats its last report, whose rate is the run's so far: a gauge that kept it would show a
            // stuck job as a busy one.
            _gauges[(projection, job)] = new Gauges(progress.WaitedFor is null ? progress.KeysPerSecond : 0, progress.WaitedFor?.TotalSeconds ?? 0);
            next?.Invoke(progress);
        };
    }

    // ConcurrentDictionary swaps in a new node for a value it cannot write atomically (this one, two doubles), so a
    // gauge never reads half of a write.
    private readonly record struct Gauges(double Rate, double Waiting);

    private static TagList Tags(string projection, string job) => new() { { "projection", projection }, { "job", job } };
}
