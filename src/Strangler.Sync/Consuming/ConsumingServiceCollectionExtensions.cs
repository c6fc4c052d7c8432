using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Consuming;

/// <summary>DI entry points for Kafka batch consumers.</summary>
internal static class ConsumingServiceCollectionExtensions
{
    /// <summary>
    /// Adds a hosted Kafka batch consumer for one pipeline, driving the handler made by <paramref name="handlerFactory"/>,
    /// dead-lettering to <c>&lt;topic&gt;.dlq</c>, counting into <see cref="SyncMetrics"/>.
    /// </summary>
    public static IServiceCollection AddKafkaBatchConsumer(
        this IServiceCollection services, BatchConsumerOptions options, Func<IServiceProvider, IBatchHandler> handlerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddKafkaBatchConsumer(_ => options, handlerFactory);
    }

    /// <summary>As above, with settings resolved when the host starts (e.g. the address of the host's mock cluster).</summary>
    internal static IServiceCollection AddKafkaBatchConsumer(
        this IServiceCollection services, Func<IServiceProvider, BatchConsumerOptions> optionsFactory,
        Func<IServiceProvider, IBatchHandler> handlerFactory)
    {
        ArgumentNullException.ThrowIfNull(handlerFactory);
        services.AddSyncMetrics();
        services.AddSingleton<IHostedService>(sp =>
        {
            var options = optionsFactory(sp);
            return new KafkaBatchConsumer(
                options,
                handlerFactory(sp),
                DeadLetterProducer.For(options, sp.GetRequiredService<ILoggerFactory>()),
                sp.GetRequiredService<SyncMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<KafkaBatchConsumer>>(),
                sp.GetRequiredService<ILoggerFactory>());
        });
        return services;
    }

    /// <summary>Adds <see cref="SyncMetrics"/> (the <c>Strangler.Sync</c> meter) and the system clock if absent.</summary>
    public static IServiceCollection AddSyncMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SyncMetrics>();
        return services;
    }
}
