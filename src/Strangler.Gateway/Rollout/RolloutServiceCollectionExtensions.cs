using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Configuration;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.FleetGates;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.Notifications;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Rollout;

/// <summary>Registers the rollout controller; called from <c>AddStranglerGateway</c>.</summary>
internal static class RolloutServiceCollectionExtensions
{
    public static IServiceCollection AddStranglerRollout(this IServiceCollection services)
    {
        services.AddOptions<RolloutOptions>().BindConfiguration(RolloutOptions.SectionName).ValidateOnStart();
        services.RefuseBareDurations<RolloutOptions>(RolloutOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RolloutOptions>, RolloutOptionsValidator>());
        // No HttpClientFactory request logging: it would write each webhook's path, where its secret may be.
        services.AddHttpClient(RolloutNotifier.ClientName).RemoveAllLoggers();
        services.AddHttpClient(HttpCheckGate.ClientName);
        // Files for a single gateway; the fleet's store when there is one, so every replica reads one state and the
        // lease can move. Decided when first resolved, as the fleet's lease is, from the bound options.
        services.TryAddSingleton<IRolloutStateStore>(sp => sp.GetRequiredService<FleetRouteState>() is { Enabled: true } fleet
            ? new FleetRolloutStateStore(fleet.Store, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FleetRolloutStateStore>>())
            : ActivatorUtilities.CreateInstance<FileRolloutStateStore>(sp));
        services.TryAddSingleton<RolloutNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<RolloutNotifier>());
        services.TryAddSingleton<RolloutMetrics>();
        services.TryAddSingleton<SyncGate>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRolloutGate, ErrorRateGate>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRolloutGate, LatencyGate>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRolloutGate, DiffRateGate>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRolloutGate, HttpCheckGate>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRolloutGate, DriftGate>());
        services.AddSingleton<IRolloutGate>(sp => sp.GetRequiredService<SyncGate>());
        services.TryAddSingleton<LocalGateSlots>();
        services.TryAddSingleton<PredecessorEvidence>();
        services.TryAddSingleton<FleetGateEvidence>();
        services.TryAddSingleton<RolloutEvaluator>();
        services.TryAddSingleton(sp => new RolloutController(
            sp.GetRequiredService<RouteAdmin>(), sp.GetRequiredService<RouteTableStore>(), sp.GetRequiredService<IRolloutStateStore>(),
            sp.GetRequiredService<FleetRouteState>(),
            sp.GetRequiredService<RolloutEvaluator>(), sp.GetRequiredService<SyncGate>(), sp.GetRequiredService<RolloutNotifier>(),
            sp.GetRequiredService<RolloutMetrics>(), sp, sp.GetRequiredService<IOptions<RolloutOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RolloutController>>()));
        services.AddHostedService<RolloutWorker>();
        return services;
    }
}
