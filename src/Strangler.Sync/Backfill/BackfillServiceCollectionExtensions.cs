using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Configuration;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Consuming;
using Strangler.Sync.Hosting;
using Strangler.Sync.Metrics;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Reading;

namespace Strangler.Sync.Backfill;

/// <summary>DI entry point of the backfill (domain events to the legacy database).</summary>
public static class BackfillServiceCollectionExtensions
{
    /// <summary>
    /// Adds the backfill pipeline: a Kafka batch consumer (<paramref name="consumer"/>, kind <c>backfill</c>) whose
    /// handler writes into the legacy database of <paramref name="options"/>. Mappings come from
    /// <see cref="BackfillOptions.Mappings"/> plus every <see cref="IEventMapping"/> registered in DI (those win).
    /// Throws at once, listing every problem, when the settings are invalid.
    /// </summary>
    internal static IServiceCollection AddStranglerBackfill(
        this IServiceCollection services, BackfillOptions options, BatchConsumerOptions consumer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(consumer);
        var errors = BackfillOptionsValidator.Validate(options)
            .Concat(ConsumerGroupOptionsValidator.Validate(consumer.Group, "Consumer:Group").Select(e => e + "."))
            .ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid backfill settings: " + string.Join(" ", errors));
        }
        options = options.WithPipelineFor(consumer.Subdomain);
        // Registered so that the echo filter can default to this backfill's legacy database.
        services.AddSingleton(options);
        return services.AddBookkeepingPruning(options).AddMappingSchemaStartCheck(options)
            .AddKafkaBatchConsumer(consumer with { Kind = BackfillHandler.Kind, Pipeline = options.Pipeline },
                sp => CreateHandler(sp, options));
    }

    /// <summary>
    /// Adds the backfill configured from <c>Strangler:Sync:Backfill</c> (a <see cref="BackfillOptions"/>) and its
    /// Kafka consumer from <c>Strangler:Sync:Backfill:Consumer</c> (a <see cref="BatchConsumerOptions"/>:
    /// BootstrapServers, GroupId, Topics, MaxBatchSize, FlushInterval, ...). Does nothing when the section is absent.
    /// The former section <c>Strangler:Backfill</c> is still read when the new one is absent, and the host warns at
    /// start naming the new key. Bad settings are reported, every one naming its key, as an
    /// <see cref="OptionsValidationException"/> when the host starts.
    /// </summary>
    public static IServiceCollection AddStranglerBackfill(this IServiceCollection services, IConfiguration configuration) =>
        services.AddStranglerBackfill(configuration, null);

    /// <summary>
    /// As above; when <c>Consumer:BootstrapServers</c> is empty and <paramref name="hostServers"/> is given, the
    /// consumer uses the servers it returns at start (the sync host passes its own, e.g. its in-process mock cluster).
    /// </summary>
    internal static IServiceCollection AddStranglerBackfill(
        this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, string>? hostServers)
    {
        var section = configuration.GetSection(BackfillOptions.SectionName);
        if (!section.Exists())
        {
            section = configuration.GetSection(BackfillOptions.FormerSectionName);
            if (!section.Exists())
            {
                return services;
            }

            services.AddSingleton<IHostedService, FormerBackfillSectionWarning>();
        }
        var consumer = section.GetSection("Consumer").Get<BatchConsumerOptions>() ?? new BatchConsumerOptions();
        // Named after the sub-domain it feeds unless configured, so that a second service's backfill is not shown
        // (and judged by the rollout's sync-lag gate) under another sub-domain's name.
        var options = (section.Get<BackfillOptions>() ?? new BackfillOptions()).WithPipelineFor(consumer.Subdomain);
        if (hostServers is not null)
        {
            consumer = InheritFromSyncHost(consumer, section.GetSection("Consumer"), configuration.GetSection(SyncOptions.SectionName));
        }
        // Checked when the host starts (ValidateOnStart), with the other options: a bad key is then one line from the
        // command rather than an exception out of building the host. Nothing else is registered for bad settings.
        // Bound from the configuration given here rather than the host's (BindConfiguration): the same source decided
        // above what to register, and a bare service collection (a test, a tool) has no IConfiguration service.
        services.AddOptions<BackfillOptions>().Bind(section).ValidateOnStart();
        var durations = BareDurations.Problems(section, typeof(BackfillOptions))
            .Concat(BareDurations.Problems(section.GetSection("Consumer"), typeof(BatchConsumerOptions))).ToList();
        services.AddSingleton<IValidateOptions<BackfillOptions>>(new BackfillSettingsValidator(consumer, hostServers is not null, section.Path, durations));
        if (durations.Count > 0 || BackfillSettingsValidator.Validate(options, consumer, hostServers is not null, section.Path).Count > 0)
        {
            return services;
        }
        if (!string.IsNullOrWhiteSpace(consumer.BootstrapServers) || hostServers is null)
        {
            return services.AddStranglerBackfill(options, consumer);
        }
        var pipeline = consumer with { Kind = BackfillHandler.Kind, Pipeline = options.Pipeline };
        services.AddSingleton(options);
        return services.AddBookkeepingPruning(options).AddMappingSchemaStartCheck(options)
            .AddKafkaBatchConsumer(sp => pipeline with { BootstrapServers = hostServers(sp) }, sp => CreateHandler(sp, options));
    }

    // Inside the sync worker the backfill is one more pipeline: unless its own section says otherwise, it joins its
    // group like the projections do (Strangler:Sync:Group) and is flagged as stalled after the same time.
    private static BatchConsumerOptions InheritFromSyncHost(BatchConsumerOptions consumer, IConfigurationSection own, IConfigurationSection sync)
    {
        if (!own.GetSection("Group").Exists() && sync.GetSection("Group").Exists())
        {
            consumer = consumer with { Group = sync.GetSection("Group").Get<ConsumerGroupOptions>() ?? consumer.Group };
        }
        if (own["StallAfter"] is null && sync.GetValue<TimeSpan?>("StallAfter") is { } stallAfter)
        {
            consumer = consumer with { StallAfter = stallAfter };
        }
        return consumer;
    }

    // Registered as a plain IHostedService: AddHostedService would keep only the first of several backfills' pruners.
    private static IServiceCollection AddBookkeepingPruning(this IServiceCollection services, BackfillOptions options) =>
        services.AddSingleton<IHostedService>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var pruner = new BookkeepingPruner(SqlDialects.For(SqlDialects.ParseProvider(options.Provider)), options, time);
            return new BookkeepingPruningService(pruner, options, time, sp.GetRequiredService<ILogger<BookkeepingPruningService>>());
        });

    internal static BackfillHandler CreateHandler(IServiceProvider services, BackfillOptions options)
    {
        var mappings = Mappings(services, options);
        var time = services.GetRequiredService<TimeProvider>();
        var dialect = SqlDialects.For(SqlDialects.ParseProvider(options.Provider));
        return new BackfillHandler(new BackfillWriter(dialect, options.ConnectionString, time), mappings,
            CreateSchemaCheck(services, options, mappings), options,
            services.GetRequiredService<SyncMetrics>(), time, services.GetRequiredService<ILogger<BackfillHandler>>());
    }

    // The declared mappings, and the classes registered in DI, which win.
    private static Dictionary<string, IEventMapping> Mappings(IServiceProvider services, BackfillOptions options)
    {
        var mappings = options.Mappings.ToDictionary(
            m => m.Key, m => (IEventMapping)new DeclaredEventMapping(m.Key, m.Value), StringComparer.Ordinal);
        foreach (var mapping in services.GetServices<IEventMapping>())
        {
            mappings[mapping.EventType] = mapping;
        }
        return mappings;
    }

    private static MappingSchemaCheck CreateSchemaCheck(IServiceProvider services, BackfillOptions options, IReadOnlyDictionary<string, IEventMapping> mappings)
    {
        var time = services.GetRequiredService<TimeProvider>();
        // Only declarations can be checked before an event arrives: a class's writes are known once it maps one.
        var declared = options.Mappings.Where(m => mappings[m.Key] is DeclaredEventMapping).ToDictionary(StringComparer.Ordinal);
        var reader = LegacyRowReaders.For(new ReconcileOptions { Provider = options.Provider, ConnectionString = options.ConnectionString }, time);
        return new MappingSchemaCheck(reader, declared, SqlDialects.ParseProvider(options.Provider), time);
    }

    // Its own check rather than the handler's: the handler is made when its consumer starts, and reads the schema again
    // at its first batch, which may be much later.
    private static IServiceCollection AddMappingSchemaStartCheck(this IServiceCollection services, BackfillOptions options) =>
        services.AddSingleton<IHostedService>(sp => new MappingSchemaStartCheck(
            CreateSchemaCheck(sp, options, Mappings(sp, options)), sp.GetRequiredService<ILogger<MappingSchemaStartCheck>>()));
}
