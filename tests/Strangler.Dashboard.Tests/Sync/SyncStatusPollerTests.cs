using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Dashboard.Tests.Sync;

public sealed class SyncStatusPollerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private (SyncStatusPoller Poller, SyncStatusStore Store, ServiceProvider Services) Create(DashboardOptions? options = null)
    {
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var store = new SyncStatusStore(_time);
        var poller = new SyncStatusPoller(services.GetRequiredService<IHttpClientFactory>(), store,
            Options.Create(options ?? new DashboardOptions()), _time, NullLogger<SyncStatusPoller>.Instance);
        return (poller, store, services);
    }

    [Fact]
    public async Task PollAsync_WorkerReports_StoresFiguresAppliedRateAndLagHistory()
    {
        long applied = 100;
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
            Results.Text($$"""{"pipelines":[{"name":"customers-projection","kind":"projection","subdomain":"customers","applied":{{applied}},"skipped":2,"deadLettered":1,"retried":3,"lagSeconds":4.5,"consumerLag":7}]}""",
                "application/json")));
        var (poller, store, services) = Create();
        using var _ = services;
        var url = SyncStatusPoller.StatusUrl(worker.Url);

        await poller.PollAsync(url, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(10));
        applied = 150;
        await poller.PollAsync(url, TestContext.Current.CancellationToken);

        var pipeline = Assert.Single(store.Pipelines());
        Assert.Equal(("customers", 150L, 1L, 4.5, 7L), (pipeline.Status.Subdomain, pipeline.Status.Applied,
            pipeline.Status.DeadLettered, pipeline.Status.LagSeconds, pipeline.Status.ConsumerLag));
        Assert.Equal(5.0, pipeline.AppliedPerSecond, 6);
        Assert.True(Assert.Single(store.Sources()).Reachable);
        Assert.Contains(store.LagSeries(url, "customers-projection", TimeSpan.FromMinutes(5)), p => p.LagSeconds == 4.5);
    }

    [Fact]
    public async Task PollAsync_WorkerReportsProgress_KeepsLastProgressStalledAndCommittedOffsets()
    {
        // The shape of Strangler.Sync's status endpoint (SyncEndpoints) for a pipeline in a crash loop.
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
            Results.Text("""{"pipelines":[{"name":"customers-backfill","kind":"backfill","subdomain":"customers","applied":10,"consumerLag":420,"lastProgress":"2026-01-01T11:55:00+00:00","sinceProgressSeconds":300.5,"stallAfterSeconds":120,"stalled":true,"committedOffsets":[{"topic":"customers.events","partition":0,"offset":1200},{"topic":"customers.events","partition":1,"offset":980}]}]}""",
                "application/json")));
        var (poller, store, services) = Create();
        using var _ = services;

        await poller.PollAsync(SyncStatusPoller.StatusUrl(worker.Url), TestContext.Current.CancellationToken);

        var status = Assert.Single(store.Pipelines()).Status;
        Assert.True(status.Stalled);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 11, 55, 0, TimeSpan.Zero), status.LastProgress);
        Assert.Equal(300.5, status.SinceProgressSeconds);
        Assert.Equal([new SyncCommittedOffset("customers.events", 0, 1200), new SyncCommittedOffset("customers.events", 1, 980)], status.CommittedOffsets);
    }

    [Fact]
    public async Task PollAsync_WorkerRetriesAFailingBatch_KeepsSinceAttemptsAndErrorUntilTheWorkerRecovers()
    {
        // Strangler.Sync's status (SyncEndpoints) for a backfill whose legacy database is down, then for the same
        // pipeline once the batch went through: failing is null again, and the dashboard must drop it.
        var failing = true;
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
            Results.Text(failing
                ? """{"pipelines":[{"name":"customers-backfill","kind":"backfill","subdomain":"customers","applied":40,"skipped":0,"deadLettered":0,"retried":8,"lagSeconds":0.8,"lagAt":"2026-12-02T15:40:01.4410000+00:00","lagAgeSeconds":51.2,"partitions":1,"assignedAt":"2026-12-02T15:39:00+00:00","assignedAgeSeconds":112.6,"consumerLag":2000,"lastProgress":"2026-12-02T15:40:01.4410000+00:00","sinceProgressSeconds":51.2,"stallAfterSeconds":120,"stalled":false,"committedOffsets":[{"topic":"customers.events","partition":0,"offset":40}],"kafka":{"reachable":true,"since":"2026-12-02T15:39:00+00:00","lastError":null,"lastErrorReason":null,"lastErrorAt":null},"failing":{"since":"2026-12-02T15:40:01.6520000+00:00","attempts":8,"lastError":"the legacy write failed: Failed to connect to 127.0.0.1:19432","lastErrorAt":"2026-12-02T15:40:37.1010000+00:00","nextAttemptAt":"2026-12-02T15:41:07.1010000+00:00"}}],"drift":[]}"""
                : """{"pipelines":[{"name":"customers-backfill","kind":"backfill","subdomain":"customers","applied":2040,"skipped":0,"deadLettered":0,"retried":8,"lagSeconds":0.3,"lagAgeSeconds":0.2,"partitions":1,"consumerLag":0,"stalled":false,"committedOffsets":[],"kafka":{"reachable":true},"failing":null}],"drift":[]}""",
                "application/json")));
        var (poller, store, services) = Create();
        using var _ = services;
        var url = SyncStatusPoller.StatusUrl(worker.Url);

        await poller.PollAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(new SyncBatchFailing
        {
            Since = new DateTimeOffset(2026, 12, 2, 15, 40, 1, 652, TimeSpan.Zero),
            Attempts = 8,
            LastError = "the legacy write failed: Failed to connect to 127.0.0.1:19432",
            LastErrorAt = new DateTimeOffset(2026, 12, 2, 15, 40, 37, 101, TimeSpan.Zero),
            NextAttemptAt = new DateTimeOffset(2026, 12, 2, 15, 41, 7, 101, TimeSpan.Zero),
        }, Assert.Single(store.Pipelines()).Status.Failing);

        failing = false;
        await poller.PollAsync(url, TestContext.Current.CancellationToken);

        var recovered = Assert.Single(store.Pipelines()).Status;
        Assert.Equal((2040L, (SyncBatchFailing?)null), (recovered.Applied, recovered.Failing));
    }

    [Theory]
    [InlineData("null")] // the worker's status now
    [InlineData("-1001")] // a worker from before, passing librdkafka's Offset.Unset on
    public async Task PollAsync_APartitionWithNothingCommitted_HasOffsetNull(string reported)
    {
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
            Results.Text($$"""{"pipelines":[{"name":"customers-projection","committedOffsets":[{"topic":"legacy.dbo.Customers","partition":0,"offset":{{reported}}},{"topic":"legacy.dbo.Customers","partition":1,"offset":3}]}]}""",
                "application/json")));
        var (poller, store, services) = Create();
        using var _ = services;

        await poller.PollAsync(SyncStatusPoller.StatusUrl(worker.Url), TestContext.Current.CancellationToken);

        Assert.Equal([new SyncCommittedOffset("legacy.dbo.Customers", 0, null), new SyncCommittedOffset("legacy.dbo.Customers", 1, 3)],
            Assert.Single(store.Pipelines()).Status.CommittedOffsets);
    }

    [Fact]
    public async Task PollAsync_WorkerReportsDrift_KeepsTheLatestCheckPerProjection()
    {
        // The drift array of Strangler.Sync's status endpoint (the continuous check, issue 13.3).
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
            Results.Text("""{"pipelines":[{"name":"crm-customers","kind":"projection","subdomain":"customers"}],"drift":[{"projection":"crm-customers","at":"2026-01-01T11:59:00+00:00","sampled":200,"sampledFromNew":100,"differing":4,"differingFromNew":4,"drift":0.04,"intervalSeconds":60,"catchingUp":"its pipeline lagged 3 s, longer than the recheck's 2 s","partitions":3}]}""",
                "application/json")));
        var (poller, store, services) = Create();
        using var _ = services;
        var url = SyncStatusPoller.StatusUrl(worker.Url);

        await poller.PollAsync(url, TestContext.Current.CancellationToken);

        var drift = store.Drift(url, "crm-customers");
        Assert.Equal(new SyncDriftStatus { Projection = "crm-customers", At = new DateTimeOffset(2026, 1, 1, 11, 59, 0, TimeSpan.Zero), Sampled = 200, Differing = 4, Drift = 0.04, SampledFromNew = 100, DifferingFromNew = 4, IntervalSeconds = 60, CatchingUp = "its pipeline lagged 3 s, longer than the recheck's 2 s", Partitions = 3 }, drift);
        Assert.Null(store.Drift(url, "other"));
    }

    [Fact]
    public async Task PollAsync_WorkerSkippedItsCheck_KeepsWhy()
    {
        // A worker holding no partition skips its check and says why; dropped here, the dashboard read its 0 of 0 as
        // "drift 0.0 %", agreement measured on nothing.
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
            Results.Text("""{"pipelines":[{"name":"crm-customers","kind":"projection","subdomain":"customers"}],"drift":[{"projection":"crm-customers","at":"2026-01-01T11:59:00+00:00","sampled":0,"differing":0,"drift":0,"intervalSeconds":60,"catchingUp":null,"partitions":0,"skipped":"no partitions assigned"}]}""",
                "application/json")));
        var (poller, store, services) = Create();
        using var _ = services;
        var url = SyncStatusPoller.StatusUrl(worker.Url);

        await poller.PollAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal("no partitions assigned", store.Drift(url, "crm-customers")?.Skipped);
    }

    [Fact]
    public async Task PollAsync_WorkerWithoutProgressFields_IsNotStalled()
    {
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", () =>
            Results.Text("""{"pipelines":[{"name":"p","consumerLag":5}]}""", "application/json")));
        var (poller, store, services) = Create();
        using var _ = services;

        await poller.PollAsync(SyncStatusPoller.StatusUrl(worker.Url), TestContext.Current.CancellationToken);

        var status = Assert.Single(store.Pipelines()).Status;
        Assert.False(status.Stalled);
        Assert.Null(status.LastProgress);
        Assert.Empty(status.CommittedOffsets);
    }

    [Fact]
    public async Task PollAsync_WorkerAnswersGarbage_MarksItUnreachableWithTheReason()
    {
        await using var worker = await KestrelHost.StartAsync(app =>
            app.MapGet("/_strangler/sync/status", () => Results.Text("{\"something\":1}", "application/json")));
        var (poller, store, services) = Create();
        using var _ = services;

        await poller.PollAsync(SyncStatusPoller.StatusUrl(worker.Url), TestContext.Current.CancellationToken);

        var source = Assert.Single(store.Sources());
        Assert.False(source.Reachable);
        Assert.Contains("pipelines", source.Error);
        Assert.Empty(store.Pipelines());
    }

    [Fact]
    public async Task PollAsync_WorkerAnswersBrokenJson_SaysWhereFrom1_LikeARouteFile()
    {
        // Bug: the reason was System.Text.Json's own "LineNumber: 1 | BytePositionInLine: 15." (from 0).
        await using var worker = await KestrelHost.StartAsync(app =>
            app.MapGet("/_strangler/sync/status", () => Results.Text("{\n  \"pipelines\": [}", "application/json")));
        var (poller, store, services) = Create();
        using var _ = services;

        await poller.PollAsync(SyncStatusPoller.StatusUrl(worker.Url), TestContext.Current.CancellationToken);

        var source = Assert.Single(store.Sources());
        Assert.False(source.Reachable);
        Assert.StartsWith("the status is not valid JSON at line 2, column 17", source.Error);
        Assert.DoesNotContain("LineNumber", source.Error);
    }

    [Fact]
    public async Task PollAsync_SendsTheStatusToken_OnlyWhenOneIsSet_AndSaysWhichSettingsDisagreeWhenTheWorkerRefusesIt()
    {
        // The worker's side (Strangler.Sync's StatusAccess): the token opens its error texts, a wrong one is a 401.
        const string token = "status-token-0123456789";
        var sent = new List<string>();
        await using var worker = await KestrelHost.StartAsync(app => app.MapGet("/_strangler/sync/status", (HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            sent.Add(authorization);
            return authorization.Length == 0 || authorization == "Bearer " + token
                ? Results.Text("""{"pipelines":[]}""", "application/json")
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized);
        }));
        var url = SyncStatusPoller.StatusUrl(worker.Url);
        var (plain, _, plainServices) = Create();
        var (right, rightStore, rightServices) = Create(new DashboardOptions { SyncStatusToken = token });
        var (wrong, wrongStore, wrongServices) = Create(new DashboardOptions { SyncStatusToken = "another-token-9876543210" });
        using var a = plainServices;
        using var b = rightServices;
        using var c = wrongServices;

        await plain.PollAsync(url, TestContext.Current.CancellationToken);
        await right.PollAsync(url, TestContext.Current.CancellationToken);
        await wrong.PollAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(["", "Bearer " + token, "Bearer another-token-9876543210"], sent);
        Assert.True(Assert.Single(rightStore.Sources()).Reachable);
        var refused = Assert.Single(wrongStore.Sources());
        Assert.False(refused.Reachable);
        Assert.Contains("Strangler:Dashboard:SyncStatusToken is not the worker's Strangler:Sync:StatusToken", refused.Error);
        Assert.DoesNotContain("another-token", refused.Error);
    }

    [Fact]
    public async Task PollAsync_WorkerDown_MarksItUnreachable()
    {
        string url;
        await using (var worker = await KestrelHost.StartAsync(_ => { }))
        {
            url = SyncStatusPoller.StatusUrl(worker.Url);
        }

        var (poller, store, services) = Create();
        using var _ = services;
        await poller.PollAsync(url, TestContext.Current.CancellationToken);

        var source = Assert.Single(store.Sources());
        Assert.False(source.Reachable);
        Assert.False(string.IsNullOrEmpty(source.Error));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5103", "http://127.0.0.1:5103/_strangler/sync/status")]
    [InlineData("http://127.0.0.1:5103/", "http://127.0.0.1:5103/_strangler/sync/status")]
    [InlineData("http://w:1/_strangler/sync/status", "http://w:1/_strangler/sync/status")]
    public void StatusUrl_AppendsThePathOnlyToBaseUrls(string configured, string expected) =>
        Assert.Equal(expected, SyncStatusPoller.StatusUrl(configured));
}
