using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Sync.Backfill;

namespace Strangler.Sync.Hosting;

/// <summary>
/// The sync worker host: projection pipelines, SQLite capture, the backfill (when <c>Strangler:Sync:Backfill</c> is
/// configured), status, health and Prometheus metrics.
/// </summary>
public static class SyncApplication
{
    /// <summary>The demo address of the worker (see the shared port contract).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5103";

    /// <summary>
    /// Builds the worker from <paramref name="args"/> and the usual configuration sources (section
    /// <c>Strangler:Sync</c>); <paramref name="configure"/> can add services, e.g. <c>AddProjection&lt;T&gt;()</c>.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        SyncDefaults.AddTo(builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddStranglerSync();
        configure?.Invoke(builder);
        // After configure, which may add configuration. The backfill shares the host's Kafka (its mock cluster in the
        // demo) unless Strangler:Sync:Backfill:Consumer:BootstrapServers names other servers.
        builder.Services.AddStranglerBackfill(builder.Configuration, sp => sp.GetRequiredService<KafkaBootstrap>().Servers);

        var app = builder.Build();
        app.MapStranglerSync();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }

    /// <summary>
    /// The Kafka bootstrap servers the worker built by <see cref="Build"/> uses: the configured ones, or the address
    /// of its in-process mock cluster, for other demo parts (a service's outbox relay) to publish to.
    /// </summary>
    public static string KafkaServers(this WebApplication app) => app.Services.GetRequiredService<KafkaBootstrap>().Servers;
}
