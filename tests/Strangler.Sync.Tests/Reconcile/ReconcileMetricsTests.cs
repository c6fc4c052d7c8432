using System.Diagnostics.Metrics;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Metrics;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>The jobs' progress (total, keys, findings) and their metrics on the sync meter, on the generated data set.</summary>
public sealed class ReconcileMetricsTests
{
    [Fact]
    public async Task Reconcile_reports_its_total_first_and_counts_keys_and_findings_on_the_sync_meter()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 1200);
        var loads = new List<ReconcileProgress>();
        await harness.LoadAsync(progress: loads.Add);
        Assert.Equal(new ReconcileProgress("rows", 0, 1200, 0, 0), loads[0]);
        await harness.PlantAsync(new DeleteDocument(20L, harness.PlantPosition), new DeleteDocument(21L, harness.PlantPosition));

        using var meter = new Meter(SyncMetrics.MeterName);
        var recorded = new Dictionary<string, long>(StringComparer.Ordinal);
        double? rate = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            Assert.Contains(tags.ToArray(), t => t.Key == "projection" && (string?)t.Value == "crm-customers");
            var phase = tags.ToArray().Single(t => t.Key == "phase").Value;
            recorded[instrument.Name] = recorded.GetValueOrDefault(instrument.Name) + value;
            recorded[$"{instrument.Name} {phase}"] = recorded.GetValueOrDefault($"{instrument.Name} {phase}") + value;
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "strangler.sync.reconcile.keys_per_second")
            {
                rate = value;
            }
        });
        listener.Start();

        var reports = new List<ReconcileProgress>();
        var summary = await harness.ReconcileAsync(progress: new ReconcileMetrics(meter).Observe("crm-customers", "reconcile", reports.Add));
        listener.RecordObservableInstruments();

        Assert.Equal(new ReconcileProgress("legacy keys", 0, 1200, 0, 0), reports[0]);
        Assert.Equal(2, summary.TotalFindings);
        Assert.Equal(summary.KeysChecked, recorded["strangler.sync.reconcile.keys"]);
        // Each phase on its own: the legacy table's 1,200 rows, then the store's ids (the two tombstones are not ids).
        Assert.Equal(1200, recorded["strangler.sync.reconcile.keys legacy keys"]);
        Assert.Equal(1198, recorded["strangler.sync.reconcile.keys store ids"]);
        Assert.Equal(2, recorded["strangler.sync.reconcile.findings"]);
        Assert.Equal(2, recorded["strangler.sync.reconcile.findings legacy keys"]);
        Assert.True(rate > 0, $"keys/s gauge: {rate}");
    }

    [Fact]
    public void A_job_waiting_for_its_store_shows_no_rate_and_how_long_it_has_waited()
    {
        using var meter = new Meter(SyncMetrics.MeterName);
        var gauges = new Dictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => gauges[instrument.Name] = value);
        listener.Start();
        var observe = new ReconcileMetrics(meter).Observe("crm-customers", "load", null);
        (double Rate, double Waiting) Read()
        {
            listener.RecordObservableInstruments();
            return (gauges["strangler.sync.reconcile.keys_per_second"], gauges["strangler.sync.reconcile.waiting"]);
        }

        var batch = new ReconcileProgress("rows", 5000, 20_000, 0, 2500);
        observe(new ReconcileProgress("rows", 0, 20_000, 0, 0));
        observe(batch);
        Assert.Equal((2500, 0), Read());

        // The report a wait repeats each second: the run's rate so far, which the job is not making now.
        observe(JobReports.Waited(batch, "the store file /srv/crm.db", TimeSpan.FromSeconds(12)));
        Assert.Equal((0, 12), Read());

        observe(batch with { KeysDone = 5500, KeysPerSecond = 1800 });
        Assert.Equal((1800, 0), Read());
    }
}
