using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Dashboard.Api;
using Strangler.Gateway.Dashboard.Detail;
using Strangler.Gateway.Dashboard.Hosting;
using Strangler.Gateway.Dashboard.Inventory;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Dashboard.Sessions;
using Strangler.Gateway.Dashboard.Steering;
using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Gateway.Dashboard;

/// <summary>Registers the migration dashboard's services in a gateway host.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard: sessions, the in-memory metrics read model fed by the gateway's meter, the endpoint
    /// inventory and the sync status poller. Settings come from <c>Strangler:Dashboard</c> and are validated on start.
    /// The gateway calls this from <c>AddStranglerGateway</c>; pair with
    /// <see cref="DashboardApplicationExtensions.MapStranglerDashboard"/> in a custom host.
    /// </summary>
    public static IServiceCollection AddStranglerDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.TryAddSingleton<ISecretSource, CryptoSecretSource>();
        services.TryAddSingleton<DashboardKeyRing>();
        services.TryAddSingleton<SessionStore>();
        services.TryAddSingleton<AuthFailureLimiter>();
        services.TryAddSingleton<AdminTokenSource>();
        services.TryAddSingleton<SessionFilter>();

        services.TryAddSingleton<TrafficHistory>();
        services.TryAddSingleton<GatewayMetricsListener>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayMetricsListener>());

        services.TryAddSingleton<EndpointInventory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, InventoryStartupFilter>());
        services.AddHostedService<InventoryPersistence>();

        services.TryAddSingleton<SyncStatusStore>();
        services.AddHttpClient(SyncStatusPoller.ClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        services.AddHostedService<SyncStatusPoller>();

        services.TryAddSingleton<IRouteSteering, GatewayRouteSteering>();
        services.TryAddSingleton<OverviewBuilder>();
        services.TryAddSingleton<SeriesBuilder>();
        services.TryAddSingleton<DetailBuilder>();
        return services;
    }
}
