using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Strangler.Configuration;

namespace Strangler.Gateway.Fleet;

/// <summary>Registers the fleet: inert unless <c>Strangler:Gateway:Fleet:Store</c> is set.</summary>
internal static class FleetServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayFleet(this IServiceCollection services)
    {
        services.AddOptions<FleetOptions>().BindConfiguration(FleetOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) => options.ListeningOn = ListenPorts.From(configuration))
            .ValidateOnStart();
        services.RefuseBareDurations<FleetOptions>(FleetOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetOptions>, FleetOptionsValidator>());
        services.TryAddSingleton<FleetRouteState>();
        // One run per process start: the heartbeat row's holder (tests, with several gateways in one process, set their own).
        services.TryAddSingleton(sp => ReplicaRun.Start(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ReplicaOwnership>();
        services.TryAddSingleton<StoreFleetLease>();
        // A single gateway holds every lease; with a store, one replica at a time does. Decided when first resolved,
        // because whether a store is configured is known only from the bound options.
        services.TryAddSingleton<IFleetLease>(sp => sp.GetRequiredService<FleetRouteState>().Enabled
            ? sp.GetRequiredService<StoreFleetLease>()
            : new SingleGatewayLease());
        services.AddHostedService<RouteStateSync>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreFleetLease>());
        services.AddHostedService<FleetHeartbeat>();
        return services;
    }
}
