using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Strangler.Configuration;

namespace Strangler.Outbox;

/// <summary>DI entry point of the outbox.</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds the outbox's settings from <c>Strangler:Outbox</c> (a <see cref="OutboxOptions"/>), checked when the host
    /// starts with every bad key named: <c>BootstrapServers</c>, <c>Topic</c> and <c>Source</c> are required, so a host
    /// without Kafka does not start, and a duration written as a bare number (<c>"PollInterval": "5"</c>, which .NET reads
    /// as 5 days) is refused naming its key. Choose its store on the builder:
    /// <c>services.AddStranglerOutbox().UseLiteDb()</c> or <c>.UseMongoDb()</c>.
    /// </summary>
    public static OutboxBuilder AddStranglerOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>());
        services.RefuseBareDurations<OutboxOptions>(OutboxOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        return new OutboxBuilder(services);
    }
}
