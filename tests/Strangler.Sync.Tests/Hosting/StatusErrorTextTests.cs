using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Auth;
using Strangler.Sync.Consuming;
using Strangler.Sync.Hosting;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Tests.Hosting;

/// <summary>
/// Bug it pins: the status endpoint, which anyone reaching the worker may call, gave the text of a failing batch's error
/// and of Kafka's last error, and those name the legacy database's and the brokers' hosts, ports and users. Now the
/// text goes only to a caller with the status token (the dashboard); the others get the kind, as <c>/readyz</c> does.
/// </summary>
public sealed class StatusErrorTextTests
{
    private const string Token = "status-token-0123456789";
    private const string DriverText = "the legacy write failed: Failed to connect to 10.20.30.40:5432 as user app_writer";
    private const string KafkaText = "kafka-7.internal:9092/bootstrap: Connect to ipv4#10.20.30.41:9092 failed";

    [Fact]
    public async Task Without_the_token_the_errors_are_named_by_kind_and_no_host_is_in_the_answer()
    {
        await using var worker = await WorkerAsync(Token);

        var body = await worker.Client.GetStringAsync(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);

        Assert.DoesNotContain("10.20.30.4", body, StringComparison.Ordinal);
        Assert.DoesNotContain("app_writer", body, StringComparison.Ordinal);
        Assert.DoesNotContain("kafka-7.internal", body, StringComparison.Ordinal);
        var pipeline = JsonDocument.Parse(body).RootElement.GetProperty("pipelines")[0];
        Assert.Equal("NpgsqlException; the worker's log has the error", pipeline.GetProperty("failing").GetProperty("lastError").GetString());
        Assert.Equal("NpgsqlException", pipeline.GetProperty("failing").GetProperty("lastErrorKind").GetString());
        Assert.Equal(3, pipeline.GetProperty("failing").GetProperty("attempts").GetInt32());
        Assert.Equal("Local_Transport", pipeline.GetProperty("kafka").GetProperty("lastError").GetString());
        Assert.Equal("the worker's log has librdkafka's text", pipeline.GetProperty("kafka").GetProperty("lastErrorReason").GetString());
    }

    [Fact]
    public async Task With_the_token_the_texts_are_given()
    {
        await using var worker = await WorkerAsync(Token);
        worker.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        var status = await worker.Client.GetFromJsonAsync<JsonElement>(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);

        var pipeline = status.GetProperty("pipelines")[0];
        Assert.Equal(DriverText, pipeline.GetProperty("failing").GetProperty("lastError").GetString());
        Assert.Equal(KafkaText, pipeline.GetProperty("kafka").GetProperty("lastErrorReason").GetString());
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_counted_and_a_worker_without_one_refuses_any()
    {
        await using var worker = await WorkerAsync(Token, failureLimit: 2);
        worker.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "a-guess-that-is-long-enough");

        using var refused = await worker.Client.GetAsync(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);
        var detail = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Strangler:Sync:StatusToken", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("10.20.30.4", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("a-guess", detail, StringComparison.Ordinal);
        // The second wrong token reaches the limit: from then on even the right one waits, as on the report endpoints.
        using var second = await worker.Client.GetAsync(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);
        worker.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var limited = await worker.Client.GetAsync(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var logged = worker.App.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message).ToList();
        Assert.Contains(logged, m => m.Contains("it sent a wrong status token", StringComparison.Ordinal));
        Assert.Contains(logged, m => m.Contains("too many wrong tokens", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, m => m.Contains("a-guess", StringComparison.Ordinal) || m.Contains(Token, StringComparison.Ordinal));
        // Counted apart from the report endpoints': a stale status token does not lock the address out of the reports.
        Assert.Null(worker.App.Services.GetRequiredService<AuthFailureLimiter>().RetryAfter("127.0.0.1"));
        Assert.NotNull(worker.App.Services.GetRequiredKeyedService<AuthFailureLimiter>(StatusAccess.LimiterKey).RetryAfter("127.0.0.1"));
        // Without a token the status is still served (the rollout's gates read it), kinds only.
        worker.Client.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.OK, (await worker.Client.GetAsync(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken)).StatusCode);

        await using var none = await WorkerAsync(token: null);
        none.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var noToken = await none.Client.GetAsync(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Contains("has no Strangler:Sync:StatusToken", await noToken.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public void The_worker_counts_status_tokens_on_a_limiter_of_their_own_with_the_reports_limits()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddStranglerSync();
        using var provider = services.BuildServiceProvider();

        var status = provider.GetRequiredKeyedService<AuthFailureLimiter>(StatusAccess.LimiterKey);
        var reports = provider.GetRequiredService<AuthFailureLimiter>();
        Assert.NotSame(reports, status);
        for (var i = 0; i < 10; i++)
        {
            status.RecordFailure("10.0.0.9");
        }

        Assert.NotNull(status.RetryAfter("10.0.0.9"));
        Assert.Null(reports.RetryAfter("10.0.0.9"));
    }

    [Theory]
    [InlineData("short", "must be at least 16 characters")]
    [InlineData("sixteen-or-more-but\nwith-a-break", "must be printable ASCII")]
    [InlineData(" sixteen-or-more-with-a-space ", "must not start or end with a space")]
    public void A_bad_token_is_refused_at_start_by_its_key_without_its_value(string token, string problem)
    {
        var result = new SyncOptionsValidator().Validate(null, new SyncOptions { UseMockCluster = true, StatusToken = token });

        var error = Assert.Single(result.Failures!, f => f.StartsWith("Strangler:Sync:StatusToken", StringComparison.Ordinal));
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error, StringComparison.Ordinal);
    }

    // docker-compose.yml passes ${STRANGLER_SYNC_STATUS_TOKEN:-}: left unset there, it arrives empty, and means none.
    [Fact]
    public void An_empty_token_is_no_token() =>
        Assert.True(new SyncOptionsValidator().Validate(null, new SyncOptions { UseMockCluster = true, StatusToken = "" }).Succeeded);

    private static async Task<Worker> WorkerAsync(string? token, int failureLimit = 10)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddFakeLogging();
        builder.Services.AddSingleton(TimeProvider.System).AddSyncMetrics()
            .AddSingleton(Options.Create(new SyncOptions { StatusToken = token }))
            .AddSingleton<StatusAccess>()
            .AddKeyedSingleton(StatusAccess.LimiterKey, new AuthFailureLimiter(failureLimit, TimeSpan.FromMinutes(1)))
            // The report endpoints' limiter, which the status endpoint's wrong tokens must leave alone.
            .AddSingleton(new AuthFailureLimiter(failureLimit, TimeSpan.FromMinutes(1)));
        var app = builder.Build();
        app.MapStranglerSync();
        var metrics = app.Services.GetRequiredService<SyncMetrics>();
        metrics.Register("customers-backfill", "backfill", "customers");
        metrics.KafkaFailed("customers-backfill", "backfill", "Local_Transport", KafkaText, unreachable: false);
        var now = DateTimeOffset.UtcNow;
        metrics.Pipelines[0].Failing = new BatchFailure(now, 3, DriverText, now, now.AddSeconds(5), "NpgsqlException");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Worker(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    private sealed record Worker(WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync(CancellationToken.None);
            await App.DisposeAsync();
        }
    }
}
