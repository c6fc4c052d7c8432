using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Strangler.Sync.Capture;
using Strangler.Sync.Consuming;
using Strangler.Sync.Echo;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Hosting;

/// <summary>DI entry points of the sync worker.</summary>
public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Adds the projection pipelines, the document store, the echo filter (<c>Strangler:Sync:Echo</c>) and (when
    /// enabled) the SQLite capture, configured from <c>Strangler:Sync</c> and validated on start.
    /// </summary>
    public static IServiceCollection AddStranglerSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SyncOptions>().Bind(configuration.GetSection(SyncOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>();
        services.AddSyncMetrics();
        services.AddSingleton<KafkaBootstrap>();
        services.AddSingleton<IDocumentStore>(sp => CreateStore(sp.GetRequiredService<IOptions<SyncOptions>>().Value.Store));
        // A host may register its own filter before this call; otherwise Strangler:Sync:Echo decides.
        services.TryAddSingleton(sp => EchoFilters.For(sp.GetRequiredService<IOptions<SyncOptions>>().Value.Echo));
        services.AddSingleton<ProjectionPipelines>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionPipelines>());
        services.AddSingleton<IHostedService>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SyncOptions>>().Value;
            return options.Capture.Enabled
                ? new CapturePublisher(options.Capture, sp.GetRequiredService<KafkaBootstrap>().Servers,
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CapturePublisher>>())
                : new NoOpService();
        });
        return services;
    }

    /// <summary>Adds a projection declared in C# (see <see cref="IProjectionMapping"/>).</summary>
    public static IServiceCollection AddProjection<TMapping>(this IServiceCollection services)
        where TMapping : class, IProjectionMapping
    {
        services.AddSingleton<IProjectionMapping, TMapping>();
        return services;
    }

    private static IDocumentStore CreateStore(StoreOptions store) => store.Kind switch
    {
        "mongodb" => new MongoDocumentStore(new MongoClient(store.MongoConnectionString).GetDatabase(store.MongoDatabase)),
        _ => new LiteDbDocumentStore(store.LiteDbPath),
    };

    private sealed class NoOpService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
