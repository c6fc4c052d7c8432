using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Strangler.Outbox;

/// <summary>DI entry point of the outbox.</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds the outbox's settings from <c>Strangler:Outbox</c> (a <see cref="OutboxOptions"/>), checked when the host
    /// starts with every bad key named: <c>BootstrapServers</c>, <c>Topic</c> and <c>Source</c> are required, so a host
    /// without Kafka does not start. Choose its store on the builder:
    /// <c>services.AddStranglerOutbox().UseLiteDb()</c> or <c>.UseMongoDb()</c>.
    /// </summary>
    public static OutboxBuilder AddStranglerOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return new OutboxBuilder(services);
    }
}
