using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Consuming;
using Strangler.Sync.Hosting;
using Strangler.Sync.Metrics;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Continuous;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>Issue 13.3: the worker's continuous check on the generated data set, its gauge and the status endpoint.</summary>
public sealed class ContinuousReconcileTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_sample_finds_the_share_of_differing_keys_and_the_status_and_gauge_show_it(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 200);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Renamed' WHERE id IN (10, 11, 12)");
        await harness.PlantAsync(new DeleteDocument(20L, harness.PlantPosition));
        // A delete CDC missed: the row is gone, its document is not. Only the half of the sample from the store sees it.
        await harness.Legacy.ExecAsync("DELETE FROM crm_addresses WHERE customer_id = 30; DELETE FROM crm_customers WHERE id = 30");

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(time).AddSyncMetrics().AddSingleton<DriftBoard>()
            .AddSingleton(Options.Create(new ReconcileOptions { SampleInterval = TimeSpan.FromSeconds(15) }));
        await using var app = builder.Build();
        app.MapStranglerSync();
        var board = app.Services.GetRequiredService<DriftBoard>();
        double? gauge = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "strangler.sync.reconcile.drift")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Key == "projection" && (string?)t.Value == "crm-customers"))
            {
                gauge = value;
            }
        });
        listener.Start();

        // A sample twice the size of the table takes every key once from each side, whichever order it comes in: of the
        // 199 legacy keys, 10-12 (renamed) and 20 (no document) differ; of the 199 live documents, 10-12 and 30 (no row).
        var options = harness.Options with { SampleSizePerMinute = 500 };
        var service = new ContinuousReconcileService([harness.Projection], CustomerDataSet.Reader(harness.Legacy), harness.Store, options,
            board, time, NullLogger<ContinuousReconcileService>.Instance);
        await service.CheckAllAsync(TestContext.Current.CancellationToken);
        listener.RecordObservableInstruments();

        var result = Assert.Single(board.Latest);
        Assert.Equal(new DriftResult("crm-customers", time.GetUtcNow(), 398, 8, SampledFromNew: 199, DifferingFromNew: 4), result);
        Assert.Equal(4 / 199.0, gauge);

        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            var status = await client.GetFromJsonAsync<JsonElement>(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);
            var drift = Assert.Single(status.GetProperty("drift").EnumerateArray().ToList());
            Assert.Equal("crm-customers", drift.GetProperty("projection").GetString());
            Assert.Equal(time.GetUtcNow(), drift.GetProperty("at").GetDateTimeOffset());
            Assert.Equal(398, drift.GetProperty("sampled").GetInt32());
            Assert.Equal(199, drift.GetProperty("sampledFromNew").GetInt32());
            Assert.Equal(8, drift.GetProperty("differing").GetInt32());
            Assert.Equal(4, drift.GetProperty("differingFromNew").GetInt32());
            Assert.Equal(Math.Round(4 / 199.0, 6), drift.GetProperty("drift").GetDouble());
            // The rollout's drift gate judges a check's age by it.
            Assert.Equal(15, drift.GetProperty("intervalSeconds").GetDouble());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }

        // Repaired, the next sample is clean.
        await harness.ReconcileAsync(repair: "new");
        time.Advance(TimeSpan.FromMinutes(1));
        await service.CheckAllAsync(TestContext.Current.CancellationToken);
        Assert.Equal(new DriftResult("crm-customers", time.GetUtcNow(), 398, 0, SampledFromNew: 199), Assert.Single(board.Latest));
    }

    [Fact]
    public async Task A_problem_seen_from_one_side_only_reads_at_its_share_of_that_side()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 200);
        await harness.LoadAsync();
        // Deletes CDC missed, on 20 of the 200 customers: their documents are all the legacy half can never sample.
        await harness.Legacy.ExecAsync(
            "DELETE FROM crm_addresses WHERE customer_id <= 20; DELETE FROM crm_customers WHERE id <= 20");
        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var board = new DriftBoard(metrics.GetRequiredService<IMeterFactory>());
        var time = new FakeTimeProvider(Start);
        var logger = new FakeLogger<ContinuousReconcileService>();
        var service = new ContinuousReconcileService([harness.Projection], CustomerDataSet.Reader(harness.Legacy), harness.Store,
            harness.Options with { SampleSizePerMinute = 800 }, board, time, logger);

        await service.CheckAllAsync(Ct);

        // A sample twice the size of each side takes every key of both: none of the 180 rows differs, 20 of the 200
        // documents have no row. 10 % of the store, where the whole sample's 20 of 380 read 5.3 %.
        var result = Assert.Single(board.Latest);
        Assert.Equal((380, 20, 200, 20), (result.Sampled, result.Differing, result.SampledFromNew, result.DifferingFromNew));
        Assert.Equal(0.1, result.Drift);
        Assert.Equal(
            "Continuous check of crm-customers: drift 10.0%; 0 of 180 sampled legacy keys and 20 of 200 sampled documents of the new store differ",
            logger.LatestRecord.Message);
    }

    [Fact]
    public void The_worker_registers_the_check_only_when_a_sample_size_is_set()
    {
        static int Checks(string? sample)
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Sync:BootstrapServers"] = "127.0.0.1:9",
                ["Strangler:Sync:Reconcile:Provider"] = "sqlite",
                ["Strangler:Sync:Reconcile:ConnectionString"] = "Data Source=:memory:",
                ["Strangler:Sync:Reconcile:SampleSizePerMinute"] = sample,
            });
            builder.Services.AddStranglerSync();
            using var host = builder.Build();
            return host.Services.GetServices<IHostedService>().OfType<ContinuousReconcileService>().Count();
        }

        Assert.Equal(0, Checks(null));
        Assert.Equal(1, Checks("50"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task With_a_10_s_interval_the_service_checks_again_after_10_s_of_fake_time_and_not_before_taking_the_rates_share(
        LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 200);
        await harness.LoadAsync();
        var time = new FakeTimeProvider(Start);
        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var board = new DriftBoard(metrics.GetRequiredService<IMeterFactory>());
        var logger = new FakeLogger<ContinuousReconcileService>();
        // 100 a minute every 10 s is 16.7 keys: 17 a check (9 legacy keys, 8 store ids), where a fixed minute would take all
        // 100 at once.
        var options = harness.Options with { SampleSizePerMinute = 100, SampleInterval = TimeSpan.FromSeconds(10) };
        using var service = new ContinuousReconcileService([harness.Projection], CustomerDataSet.Reader(harness.Legacy), harness.Store,
            options, board, time, logger);

        await service.StartAsync(Ct);
        try
        {
            await WaitForChecksAsync(logger, 1, "the check at start");
            Assert.Equal(new DriftResult("crm-customers", Start, 17, 0, SampledFromNew: 8), Assert.Single(board.Latest));

            time.Advance(options.SampleInterval - TimeSpan.FromTicks(1));
            // Nothing to poll for when nothing should happen: a fake timer that fired would have started a check during
            // Advance, and a check of 17 keys ends in milliseconds; a second is a wide margin.
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            Assert.Equal(1, Checks(logger));

            time.Advance(TimeSpan.FromTicks(1));
            await WaitForChecksAsync(logger, 2, "the check 10 s of fake time later");
            Assert.Equal(new DriftResult("crm-customers", Start + options.SampleInterval, 17, 0, SampledFromNew: 8), Assert.Single(board.Latest));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Equal(2, Checks(logger));
    }

    [Fact]
    public async Task A_check_while_the_pipeline_catches_up_says_so_and_one_caught_up_does_not()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 20);
        await harness.LoadAsync();
        // Every row changed in the monolith and not projected yet: what a worker still catching up sees.
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Renamed'");
        var time = new FakeTimeProvider(Start);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var board = new DriftBoard(meters);
        var metrics = new Strangler.Sync.Metrics.SyncMetrics(meters, time);
        var pipeline = metrics.Register("crm-customers", "projection", "customers");
        var options = harness.Options with { SampleSizePerMinute = 60, RecheckDelay = TimeSpan.Zero };
        var service = new ContinuousReconcileService([harness.Projection], CustomerDataSet.Reader(harness.Legacy), harness.Store, options,
            board, time, NullLogger<ContinuousReconcileService>.Instance, metrics);

        async Task<DriftResult> CheckAsync()
        {
            await service.CheckAllAsync(Ct);
            return Assert.Single(board.Latest);
        }

        // Holding no partition, this worker cannot tell: the check stands as it is.
        Assert.Null((await CheckAsync()).CatchingUp);

        pipeline.Partitions = 3;
        Assert.Equal("its pipeline has not measured a lag yet", (await CheckAsync()).CatchingUp);

        pipeline.MeasuredLag(25.04, time.GetUtcNow());
        var lagging = await CheckAsync();
        Assert.Equal((40, "its pipeline lagged 25 s, longer than the recheck's 0 s"), (lagging.Differing, lagging.CatchingUp));

        // A batch failing to apply holds the changes behind it, whatever lag was measured before it failed.
        pipeline.MeasuredLag(0, time.GetUtcNow());
        pipeline.Failing = new BatchFailure(Start, 3, "the store refused", Start, Start.AddSeconds(1), "IOException");
        var failing = await CheckAsync();
        Assert.Equal((40, $"its pipeline has a batch failing since {Start:O} (3 attempt(s))"), (failing.Differing, failing.CatchingUp));

        // Caught up, the same difference is drift.
        pipeline.Failing = null;
        var caughtUp = await CheckAsync();
        Assert.Equal((40, (string?)null), (caughtUp.Differing, caughtUp.CatchingUp));
    }

    [Fact]
    public async Task A_failed_check_says_it_runs_again_within_the_interval_and_does()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 20);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("ALTER TABLE crm_customers RENAME TO held_away");
        var time = new FakeTimeProvider(Start);
        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var board = new DriftBoard(metrics.GetRequiredService<IMeterFactory>());
        var logger = new FakeLogger<ContinuousReconcileService>();
        var options = harness.Options with { SampleSizePerMinute = 60, SampleInterval = TimeSpan.FromSeconds(10) };
        using var service = new ContinuousReconcileService([harness.Projection], CustomerDataSet.Reader(harness.Legacy), harness.Store,
            options, board, time, logger);

        await service.StartAsync(Ct);
        try
        {
            var warning = await Eventually.UntilAsync(
                () => Task.FromResult(logger.Collector.GetSnapshot().FirstOrDefault(r => r.Level == LogLevel.Warning)),
                r => r is not null, "the failed check's warning");
            // A table gone is a projection that no longer matches the legacy schema: said with the setting, without a
            // stack trace, and published, so the status says why there is no drift figure.
            Assert.Equal(
                "Continuous check of crm-customers cannot run: the projection does not match the legacy schema: Strangler:Sync:Projections " +
                "('crm-customers'):Root:Table: Table 'crm_customers' does not exist or has no primary key: reconcile and load need one to page by; " +
                "it runs again within 00:00:10",
                warning!.Message);
            Assert.Null(warning.Exception);
            var skipped = Assert.Single(board.Latest);
            Assert.Equal((0, Start), (skipped.Sampled, skipped.At));
            Assert.StartsWith("the projection does not match the legacy schema: ", skipped.Skipped, StringComparison.Ordinal);

            await harness.Legacy.ExecAsync("ALTER TABLE held_away RENAME TO crm_customers");
            time.Advance(options.SampleInterval);
            await WaitForChecksAsync(logger, 1, "the check at the next tick");
            Assert.Equal(new DriftResult("crm-customers", Start + options.SampleInterval, 10, 0, SampledFromNew: 5), Assert.Single(board.Latest));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_worker_reads_the_sample_interval_and_will_not_start_with_one_out_of_range()
    {
        static IHost Worker(string interval)
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Sync:BootstrapServers"] = "127.0.0.1:9",
                ["Strangler:Sync:Reconcile:Provider"] = "sqlite",
                ["Strangler:Sync:Reconcile:ConnectionString"] = "Data Source=:memory:",
                ["Strangler:Sync:Reconcile:SampleSizePerMinute"] = "60",
                ["Strangler:Sync:Reconcile:SampleInterval"] = interval,
            });
            builder.Services.AddStranglerSync();
            return builder.Build();
        }

        using (var worker = Worker("00:00:10"))
        {
            Assert.Equal(TimeSpan.FromSeconds(10), worker.Services.GetRequiredService<IOptions<ReconcileOptions>>().Value.SampleInterval);
        }

        using var tooOften = Worker("00:00:00.500");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => tooOften.StartAsync(Ct));
        Assert.Contains("Strangler:Sync:Reconcile:SampleInterval: must be from 00:00:01 to 1.00:00:00, found 00:00:00.5000000", error.Failures);
    }

    private static int Checks(FakeLogger logger) =>
        logger.Collector.GetSnapshot().Count(r => r.Message.StartsWith("Continuous check of ", StringComparison.Ordinal));

    // The check logs after it publishes, so once the log shows it the board does too.
    private static Task WaitForChecksAsync(FakeLogger logger, int count, string what) =>
        Eventually.UntilAsync(() => Task.FromResult(Checks(logger)), n => n >= count, what);
}
