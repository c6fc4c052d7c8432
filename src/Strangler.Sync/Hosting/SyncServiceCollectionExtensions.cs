using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using OpenTelemetry.Metrics;
using Strangler.Auth;
using Strangler.Configuration;
using Strangler.Metrics;
using Strangler.Sync.Backfill;
using Strangler.Sync.Capture;
using Strangler.Sync.Consuming;
using Strangler.Sync.Echo;
using Strangler.Sync.Metrics;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Continuous;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Reconcile.Reports;
using Strangler.Sync.Stores;
using Strangler.Sync.Tombstones;

namespace Strangler.Sync.Hosting;

/// <summary>DI entry points of the sync worker.</summary>
public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Adds the projection pipelines, the document store, the echo filter (<c>Strangler:Sync:Echo</c>), (when
    /// enabled) the SQLite capture, and metrics (meter <see cref="SyncMetrics.MeterName"/>) with the Prometheus
    /// exporter, configured from <c>Strangler:Sync</c> and validated on start. Returns a builder for projections and
    /// event mappings declared in C#. The backfill's section (<c>Strangler:Sync:Backfill</c>) is read by
    /// <c>AddStranglerBackfill(configuration)</c>.
    /// </summary>
    public static SyncBuilder AddStranglerSync(this IServiceCollection services)
    {
        services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton<StatusAccess>();
        // The status endpoint's wrong tokens are counted apart from the reports', with the same limits.
        services.TryAddKeyedSingleton(StatusAccess.LimiterKey, (provider, _) =>
        {
            var reports = provider.GetRequiredService<IOptions<ReportsOptions>>().Value;
            return new AuthFailureLimiter(reports.AuthFailureLimit, reports.AuthFailureWindow);
        });
        services.RefuseBareDurations<SyncOptions>(SyncOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>());
        services.AddSyncMetrics();
        // The consumer group's static instance id, where one is set, is the worker's own name.
        services.AddOpenTelemetry()
            .AddDefaultService(SyncMetrics.ServiceName, provider => provider.GetRequiredService<IOptions<SyncOptions>>().Value.Group.InstanceId)
            .WithMetrics(metrics => metrics.AddOwnMeter(SyncMetrics.MeterName).AddPrometheusExporter());
        services.AddSingleton<KafkaBootstrap>();
        services.AddSingleton<IDocumentStore>(sp =>
        {
            var store = sp.GetRequiredService<IOptions<SyncOptions>>().Value.Store;
            // The validator saw the configured projections; these are the ones declared in code, checked before the
            // default file is opened (and so created).
            if (LiteDbDefaultPath.Problem(store, sp.GetServices<IProjectionMapping>().Select(m => m.Define())) is { } problem)
            {
                throw new InvalidOperationException(problem);
            }

            return CreateStore(store, sp.GetRequiredService<TimeProvider>());
        });
        // A host may register its own filter before this call; otherwise Strangler:Sync:Echo decides, or the backfill's
        // legacy database when it is unset.
        services.TryAddSingleton(CreateEchoFilter);
        services.AddSingleton<ProjectionPipelines>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionPipelines>());
        services.AddSingleton<IHostedService>(sp => new TombstonePruningService(
            sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<ProjectionPipelines>().Projections,
            sp.GetRequiredService<IOptions<SyncOptions>>().Value.Tombstones, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TombstonePruningService>>()));
        services.AddSingleton<IHostedService>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SyncOptions>>().Value;
            return options.Capture.Enabled
                ? new CapturePublisher(options.Capture, sp.GetRequiredService<KafkaBootstrap>().Servers,
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CapturePublisher>>(), sp.GetRequiredService<ILoggerFactory>(),
                    sp.GetRequiredService<ProjectionPipelines>().Projections)
                : new NoOpService();
        });
        AddContinuousReconcile(services);
        services.AddReconcileReports();
        return new SyncBuilder(services);
    }

    // The continuous check reads the legacy database, so it runs only when Strangler:Sync:Reconcile:SampleSizePerMinute > 0.
    private static void AddContinuousReconcile(IServiceCollection services)
    {
        services.AddOptions<ReconcileOptions>().BindConfiguration(ReconcileOptions.SectionName).ValidateOnStart();
        services.RefuseBareDurations<ReconcileOptions>(ReconcileOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReconcileOptions>, ReconcileOptionsValidator>());
        services.TryAddSingleton<DriftBoard>();
        services.AddSingleton<IHostedService>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ReconcileOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            return options.SampleSizePerMinute > 0
                ? new ContinuousReconcileService(sp.GetRequiredService<ProjectionPipelines>().Projections, LegacyRowReaders.For(options, time, "strangler sync continuous check"),
                    sp.GetRequiredService<IDocumentStore>(), options, sp.GetRequiredService<DriftBoard>(), time,
                    sp.GetRequiredService<ILogger<ContinuousReconcileService>>(), sp.GetService<SyncMetrics>())
                : new NoOpService();
        });
    }

    /// <summary>
    /// Adds a projection declared in C# (see <see cref="IProjectionMapping"/>); for hosts that did not call
    /// <see cref="AddStranglerSync"/> themselves, e.g. in <see cref="SyncApplication.Build"/>'s configure step.
    /// </summary>
    public static IServiceCollection AddProjection<TMapping>(this IServiceCollection services)
        where TMapping : class, IProjectionMapping
    {
        services.AddSingleton<IProjectionMapping, TMapping>();
        return services;
    }

    /// <summary>Adds a backfill event mapping declared in C# (see <see cref="IEventMapping"/>), as <see cref="AddProjection{TMapping}"/>.</summary>
    public static IServiceCollection AddEventMapping<TMapping>(this IServiceCollection services)
        where TMapping : class, IEventMapping
    {
        services.AddSingleton<IEventMapping, TMapping>();
        return services;
    }

    internal static IDocumentStore CreateStore(StoreOptions store, TimeProvider time) => store.Kind switch
    {
        "mongodb" => new MongoDocumentStore(new MongoClient(store.MongoConnectionString).GetDatabase(store.MongoDatabase), time),
        _ => new LiteDbDocumentStore(LiteDbDefaultPath.Of(store), time),
    };

    private static IEchoFilter CreateEchoFilter(IServiceProvider services)
    {
        var source = EchoSource.Select(services.GetRequiredService<IOptions<SyncOptions>>().Value.Echo, [.. services.GetServices<BackfillOptions>()]);
        EchoFilterLog.Selected(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IEchoFilter).FullName!), source.Describe(), source.ChosenBy);
        return source.CreateFilter();
    }

    private sealed class NoOpService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
