using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Consuming;
using Strangler.Sync.Hosting;
using Strangler.Sync.Metrics;
using Strangler.Sync.Reconcile.Continuous;
using Strangler.Sync.Tests.Consuming;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// The continuous check of a worker that holds none of its projection's partitions (still joining its consumer group,
/// or the second worker of a group whose partitions the first holds), over the mock cluster and a real legacy database.
/// Bug it pins: such a worker has no lag of its own to go by, so its check of a store still catching up reported every
/// key as differing, unmarked, and the rollout's drift gate rolled back a healthy service on it.
/// </summary>
public sealed class ContinuousCheckPartitionsTests(KafkaFixture kafka)
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_worker_holding_no_partition_says_so_with_its_check_and_the_worker_holding_them_reports_its_drift_as_found(
        LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 20);
        await harness.LoadAsync();
        // Every row changed in the monolith and not in the store: what a check sees while the store has not caught up.
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Renamed'");
        var topic = await kafka.CreateTopicAsync("legacy.public.crm_customers");
        var group = KafkaFixture.NewGroupId();

        await using var first = await Worker.StartAsync(kafka, harness, topic, group);
        await first.JoinAsync();
        Assert.True(await Eventually.TrueAsync(() => first.Pipeline is { Partitions: 1, LagAt: not null }), "the first worker holds the topic's partition");

        await using var second = await Worker.StartAsync(kafka, harness, topic, group);
        // Still joining: its pipeline holds nothing yet, so its check reads no key and says why, instead of publishing
        // "20 of 20 differ" that a reader would have to know to discount.
        var joining = await second.CheckAsync();
        Assert.Equal((0, 0, 0, "no partitions assigned"), (joining.GetProperty("sampled").GetInt32(), joining.GetProperty("differing").GetInt32(),
            joining.GetProperty("partitions").GetInt32(), joining.GetProperty("skipped").GetString()));
        Assert.Equal(JsonValueKind.Null, joining.GetProperty("catchingUp").ValueKind);

        // Joined. The group gives the topic's only partition to one of the two (the broker's choice, not the test's):
        // the other holds none and says so; the one holding it, caught up (nothing waits on its topic), reports the drift
        // it found, as a single worker always did. The rebalance moved the partition: its lag is measured anew first.
        await second.JoinAsync();
        JsonElement holder = default, other = default;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            List<JsonElement> checks = [await first.CheckAsync(), await second.CheckAsync()];
            holder = checks.FirstOrDefault(c => c.GetProperty("partitions").GetInt32() == 1 && c.GetProperty("catchingUp").ValueKind == JsonValueKind.Null);
            other = checks.FirstOrDefault(c => c.GetProperty("partitions").GetInt32() == 0);
            return holder.ValueKind != JsonValueKind.Undefined && other.ValueKind != JsonValueKind.Undefined;
        }), $"one worker holds the partition, caught up, the other none: {holder} {other}");
        Assert.Equal((40, 40, 1.0), (holder.GetProperty("sampled").GetInt32(), holder.GetProperty("differing").GetInt32(), holder.GetProperty("drift").GetDouble()));
        Assert.Equal(JsonValueKind.Null, holder.GetProperty("skipped").ValueKind);
        Assert.Equal((0, "no partitions assigned", JsonValueKind.Null),
            (other.GetProperty("sampled").GetInt32(), other.GetProperty("skipped").GetString(), other.GetProperty("catchingUp").ValueKind));
    }

    [Fact]
    // A worker that held partitions, lost them in a rebalance and was given others has a lag on record: the lag of the
    // partitions it held before. Its check then counted keys on their way through the new partitions' backlog as drift.
    public async Task A_worker_given_partitions_by_a_rebalance_is_catching_up_until_it_measures_their_lag()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 20);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Renamed'");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var board = new DriftBoard(meters);
        var metrics = new SyncMetrics(meters, time);
        metrics.Register("crm-customers", "projection", "customers");
        using var service = new ContinuousReconcileService([harness.Projection], CustomerDataSet.Reader(harness.Legacy), harness.Store,
            harness.Options with { SampleSizePerMinute = 60, RecheckDelay = TimeSpan.Zero }, board, time, NullLogger<ContinuousReconcileService>.Instance,
            metrics);

        async Task<DriftResult> CheckAsync()
        {
            await service.CheckAllAsync(Ct);
            return Assert.Single(board.Latest);
        }

        metrics.Assigned("crm-customers", "projection", 3);
        metrics.CaughtUp("crm-customers", "projection");
        var caughtUp = await CheckAsync();
        Assert.Equal((40, (string?)null, (int?)3), (caughtUp.Differing, caughtUp.CatchingUp, caughtUp.Partitions));
        using var drift = new MetricCollector<double>(meters, SyncMetrics.MeterName, "strangler.sync.reconcile.drift");
        using var skipped = new MetricCollector<int>(meters, SyncMetrics.MeterName, "strangler.sync.reconcile.skipped");
        drift.RecordObservableInstruments();
        Assert.Equal(1.0, Assert.Single(drift.GetMeasurementSnapshot()).Value);
        drift.Clear();

        time.Advance(TimeSpan.FromSeconds(10));
        metrics.Assigned("crm-customers", "projection", 0);
        var revoked = await CheckAsync();
        Assert.Equal(((string?)null, (int?)0, 0, "no partitions assigned"), (revoked.CatchingUp, revoked.Partitions, revoked.Sampled, revoked.Skipped));
        // The skipped check is no figure of drift (a 0 would read as agreement): the metric says why it has none.
        drift.RecordObservableInstruments();
        skipped.RecordObservableInstruments();
        Assert.Empty(drift.GetMeasurementSnapshot());
        var why = Assert.Single(skipped.GetMeasurementSnapshot());
        Assert.Equal((1, "crm-customers", "no partitions assigned"), (why.Value, why.Tags["projection"], why.Tags["reason"]));

        time.Advance(TimeSpan.FromSeconds(10));
        metrics.Assigned("crm-customers", "projection", 2);
        Assert.Equal("its pipeline has not measured a lag since its partitions were assigned", (await CheckAsync()).CatchingUp);

        // Its first batch from them measures their lag.
        time.Advance(TimeSpan.FromSeconds(1));
        metrics.Lag("crm-customers", "projection", TimeSpan.FromSeconds(30));
        Assert.Equal("its pipeline lagged 30 s, longer than the recheck's 0 s", (await CheckAsync()).CatchingUp);
        metrics.CaughtUp("crm-customers", "projection");
        var measured = await CheckAsync();
        Assert.Equal(((string?)null, (int?)2), (measured.CatchingUp, measured.Partitions));
    }

    /// <summary>One sync worker: the projection's pipeline in <c>group</c>, its continuous check and its status endpoint.</summary>
    private sealed class Worker : IAsyncDisposable
    {
        private readonly FakeLogger<KafkaBatchConsumer> _log = new();
        private KafkaBatchConsumer _consumer = null!;
        private ContinuousReconcileService _check = null!;
        private WebApplication _app = null!;
        private HttpClient _client = null!;

        public PipelineStats Pipeline { get; private set; } = null!;

        public static async Task<Worker> StartAsync(KafkaFixture kafka, ReconcileHarness harness, string topic, string group)
        {
            var worker = new Worker();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddSingleton(TimeProvider.System).AddSyncMetrics().AddSingleton<DriftBoard>();
            worker._app = builder.Build();
            worker._app.MapStranglerSync();
            await worker._app.StartAsync(Ct);
            worker._client = new HttpClient
            {
                BaseAddress = new Uri(worker._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
            };

            var metrics = worker._app.Services.GetRequiredService<SyncMetrics>();
            // Nothing is produced: the pipeline only needs to be a member of the group, holding what the group gives it.
            var handler = new DelegateBatchHandler((_, _) => Task.FromResult(BatchOutcome.Success));
            worker._consumer = TestConsumers.Create(kafka, TestConsumers.Options(kafka, topic, group) with { Pipeline = harness.Projection.Name },
                handler, metrics, worker._log);
            worker.Pipeline = metrics.Pipelines.Single();
            worker._check = new ContinuousReconcileService([harness.Projection], CustomerDataSet.Reader(harness.Legacy), harness.Store,
                harness.Options with { SampleSizePerMinute = 60, RecheckDelay = TimeSpan.Zero }, worker._app.Services.GetRequiredService<DriftBoard>(),
                TimeProvider.System, NullLogger<ContinuousReconcileService>.Instance, metrics);
            return worker;
        }

        /// <summary>Starts the pipeline and waits for the group's first assignment to it (empty when another member holds all).</summary>
        public async Task JoinAsync()
        {
            await _consumer.StartAsync(Ct);
            Assert.True(await Eventually.TrueAsync(() => _log.Collector.GetSnapshot().Any(r => r.Message.Contains(" assigned", StringComparison.Ordinal)), seconds: 60),
                "the pipeline joined its group");
        }

        /// <summary>Runs the check once and returns its entry in the status, as the dashboard's poller reads it.</summary>
        public async Task<JsonElement> CheckAsync()
        {
            await _check.CheckAllAsync(Ct);
            var status = await _client.GetFromJsonAsync<JsonElement>(SyncEndpoints.StatusPath, Ct);
            return Assert.Single(status.GetProperty("drift").EnumerateArray().ToList());
        }

        public async ValueTask DisposeAsync()
        {
            if (_consumer is not null)
            {
                await _consumer.StopAsync(CancellationToken.None);
                _consumer.Dispose();
            }

            _check?.Dispose();
            _client?.Dispose();
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
