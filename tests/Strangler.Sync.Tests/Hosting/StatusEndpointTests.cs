using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strangler.Sync.Consuming;
using Strangler.Sync.Hosting;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Tests.Hosting;

/// <summary>Issue 15.3: the status endpoint shows last progress, committed offsets and the stalled flag.</summary>
public sealed class StatusEndpointTests
{
    [Fact]
    public async Task The_status_reports_progress_committed_offsets_and_a_stalled_pipeline()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(time).AddSyncMetrics();
        await using var app = builder.Build();
        app.MapStranglerSync();
        var metrics = app.Services.GetRequiredService<SyncMetrics>();
        metrics.Register("moving", "projection", "customers", TimeSpan.FromMinutes(2));
        metrics.Register("stuck", "backfill", "customers", TimeSpan.FromMinutes(2));
        metrics.Progressed("moving", "projection", [new CommittedOffset("legacy.dbo.Customers", 1, 77), new CommittedOffset("legacy.dbo.Customers", 0, 40)]);
        metrics.ConsumerLag("stuck", "backfill", 300);
        time.Advance(TimeSpan.FromMinutes(3));
        metrics.Progressed("moving", "projection", [new CommittedOffset("legacy.dbo.Customers", 0, 41)]);
        metrics.ConsumerLag("moving", "projection", 3);
        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            var status = await client.GetFromJsonAsync<JsonElement>(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);
            var pipelines = status.GetProperty("pipelines").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

            var moving = pipelines["moving"];
            Assert.False(moving.GetProperty("stalled").GetBoolean());
            Assert.Equal(time.GetUtcNow(), moving.GetProperty("lastProgress").GetDateTimeOffset());
            Assert.Equal(0, moving.GetProperty("sinceProgressSeconds").GetDouble());
            Assert.Equal(["legacy.dbo.Customers[0]=41", "legacy.dbo.Customers[1]=77"], moving.GetProperty("committedOffsets").EnumerateArray()
                .Select(c => $"{c.GetProperty("topic").GetString()}[{c.GetProperty("partition").GetInt32()}]={c.GetProperty("offset").GetInt64()}"));

            var stuck = pipelines["stuck"];
            Assert.True(stuck.GetProperty("stalled").GetBoolean());
            Assert.Equal(JsonValueKind.Null, stuck.GetProperty("lastProgress").ValueKind);
            Assert.Equal(180, stuck.GetProperty("sinceProgressSeconds").GetDouble());
            Assert.Equal(120, stuck.GetProperty("stallAfterSeconds").GetDouble());
            Assert.Equal(300, stuck.GetProperty("consumerLag").GetInt64());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_partition_with_nothing_committed_reports_offset_null_not_librdkafkas_sentinel()
    {
        // Before, the status passed librdkafka's Offset.Unset on as "offset": -1001, and a reader had to know it.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(TimeProvider.System).AddSyncMetrics();
        await using var app = builder.Build();
        app.MapStranglerSync();
        var metrics = app.Services.GetRequiredService<SyncMetrics>();
        metrics.Register("fresh", "projection", "customers", TimeSpan.FromMinutes(2));
        metrics.Committed("fresh", "projection", [new CommittedOffset("legacy.dbo.Customers", 0, Confluent.Kafka.Offset.Unset.Value), new CommittedOffset("legacy.dbo.Customers", 1, 5)]);
        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            var status = await client.GetFromJsonAsync<JsonElement>(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);

            var offsets = status.GetProperty("pipelines")[0].GetProperty("committedOffsets").EnumerateArray()
                .Select(c => (c.GetProperty("partition").GetInt32(), c.GetProperty("offset").ToString())).ToList();
            Assert.Equal([(0, ""), (1, "5")], offsets);
            Assert.Equal(JsonValueKind.Null, status.GetProperty("pipelines")[0].GetProperty("committedOffsets")[0].GetProperty("offset").ValueKind);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    // Bug: a worker cut off from Kafka answered the status and /healthz as an idle one does; nothing said it.
    [Fact]
    public async Task The_status_and_readyz_say_when_a_pipelines_Kafka_is_unreachable()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(time).AddSyncMetrics();
        await using var app = builder.Build();
        app.MapStranglerSync();
        var metrics = app.Services.GetRequiredService<SyncMetrics>();
        metrics.Register("customers-projection", "projection", "customers");
        metrics.KafkaReached("customers-projection", "projection");
        metrics.Lag("customers-projection", "projection", TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(10));
        var cutOff = time.GetUtcNow();
        metrics.KafkaFailed("customers-projection", "projection", "Local_AllBrokersDown", "1/1 brokers are down", unreachable: true);
        time.Advance(TimeSpan.FromSeconds(5));
        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            var status = await client.GetFromJsonAsync<JsonElement>(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);
            var pipeline = status.GetProperty("pipelines")[0];
            var kafka = pipeline.GetProperty("kafka");
            Assert.False(kafka.GetProperty("reachable").GetBoolean());
            Assert.Equal(cutOff, kafka.GetProperty("since").GetDateTimeOffset());
            Assert.Equal("Local_AllBrokersDown", kafka.GetProperty("lastError").GetString());
            Assert.Equal(15, pipeline.GetProperty("lagAgeSeconds").GetDouble());

            using var notReady = await client.GetAsync(SyncEndpoints.ReadyPath, TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("customers-projection: Kafka unreachable since", await notReady.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            using var alive = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, alive.StatusCode);

            metrics.KafkaReached("customers-projection", "projection");
            using var ready = await client.GetAsync(SyncEndpoints.ReadyPath, TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            await app.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    // Bug: the status said how old the lag was but not when the partitions it measured were assigned, so after a
    // rebalance the rollout's sync gate took the lag of partitions held before as the lag of the ones held now.
    [Fact]
    public async Task The_status_says_when_the_worker_was_last_assigned_its_partitions()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(time).AddSyncMetrics();
        await using var app = builder.Build();
        app.MapStranglerSync();
        var metrics = app.Services.GetRequiredService<SyncMetrics>();
        metrics.Register("customers-projection", "projection", "customers");
        metrics.CaughtUp("customers-projection", "projection");
        time.Advance(TimeSpan.FromSeconds(4));
        var assigned = time.GetUtcNow();
        metrics.Assigned("customers-projection", "projection", 2);
        time.Advance(TimeSpan.FromSeconds(3));
        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            var pipeline = (await client.GetFromJsonAsync<JsonElement>(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken)).GetProperty("pipelines")[0];
            Assert.Equal(assigned, pipeline.GetProperty("assignedAt").GetDateTimeOffset());
            // Older than the assignment: the lag on record is of the partitions held before it.
            Assert.Equal((3.0, 7.0), (pipeline.GetProperty("assignedAgeSeconds").GetDouble(), pipeline.GetProperty("lagAgeSeconds").GetDouble()));
        }
        finally
        {
            await app.StopAsync(TestContext.Current.CancellationToken);
        }
    }
}
