using Microsoft.Extensions.DependencyInjection;
using Strangler.Sync.Backfill;
using Strangler.Sync.Consuming;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>A backfill handler wired as the DI entry point wires it, over a real legacy database.</summary>
internal sealed class BackfillHarness
{
    public BackfillHarness(LegacyTestDatabase database, Action<IServiceCollection>? configure = null, string? connectionString = null,
        IReadOnlyDictionary<string, EventMappingOptions>? mappings = null)
    {
        var services = new ServiceCollection().AddLogging().AddSyncMetrics();
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
        Options = Events.Options with
        {
            Provider = database.Provider.ToString(),
            ConnectionString = connectionString ?? database.ConnectionString,
            Mappings = mappings ?? Events.Options.Mappings,
        };
        Handler = BackfillServiceCollectionExtensions.CreateHandler(Services, Options);
    }

    public ServiceProvider Services { get; }

    public BackfillOptions Options { get; }

    public IBatchHandler Handler { get; }

    public PipelineStats Stats => Services.GetRequiredService<SyncMetrics>().Pipelines.Single(p => p.Name == Options.Pipeline);

    public Task<BatchOutcome> HandleAsync(params string[] values) =>
        Handler.HandleAsync(Events.Batch(values), TestContext.Current.CancellationToken);
}
