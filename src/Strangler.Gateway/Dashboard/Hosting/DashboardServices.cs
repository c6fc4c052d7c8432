using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Strangler.Configuration;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Dashboard.Api;
using Strangler.Gateway.Dashboard.Detail;
using Strangler.Gateway.Dashboard.FleetTraffic;
using Strangler.Gateway.Dashboard.Inventory;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Dashboard.Sessions;
using Strangler.Gateway.Dashboard.Steering;
using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Gateway.Dashboard.Hosting;

/// <summary>
/// The dashboard's services. The dashboard is part of the gateway: it is served by it and reads its route admin,
/// meter and forwarding outcomes, so <c>AddStranglerGateway</c> adds it and <c>Strangler:Dashboard:Enabled</c> turns
/// it off; there is no separate entry point.
/// </summary>
internal static class DashboardServices
{
    /// <summary>
    /// Adds sessions, the in-memory metrics read model fed by the gateway's meter, the endpoint inventory and the sync
    /// status poller, with settings from <c>Strangler:Dashboard</c> validated on start. With <c>Enabled</c> false the
    /// background services and the inventory middleware never start (<see cref="DashboardEndpoints"/> maps nothing).
    /// </summary>
    public static IServiceCollection AddGatewayDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName).ValidateOnStart();
        services.RefuseBareDurations<DashboardOptions>(DashboardOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.TryAddSingleton<ISecretSource, CryptoSecretSource>();
        services.TryAddSingleton<DashboardKeyRing>();
        services.TryAddSingleton<SessionStore>();
        services.TryAddAuthFailureLimiter();
        services.TryAddSingleton<SessionFilter>();

        services.TryAddSingleton<TrafficHistory>();
        services.TryAddSingleton<GatewayMetricsListener>();
        services.AddWhenEnabled(sp => sp.GetRequiredService<GatewayMetricsListener>());

        services.TryAddSingleton<EndpointInventory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, InventoryStartupFilter>());
        services.TryAddSingleton<InventoryPersistence>();
        services.AddWhenEnabled(sp => sp.GetRequiredService<InventoryPersistence>());

        services.TryAddSingleton<SyncStatusStore>();
        services.AddHttpClient(SyncStatusPoller.ClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        services.TryAddSingleton<SyncStatusPoller>();
        services.AddWhenEnabled(sp => sp.GetRequiredService<SyncStatusPoller>());

        services.TryAddSingleton<FleetTrafficSource>();
        services.TryAddSingleton<FleetTrafficPublisher>();
        services.AddWhenEnabled(sp => sp.GetRequiredService<FleetTrafficPublisher>());

        services.TryAddSingleton<IRouteSteering, GatewayRouteSteering>();
        services.TryAddSingleton<OverviewBuilder>();
        services.TryAddSingleton<SeriesBuilder>();
        services.TryAddSingleton<DetailBuilder>();
        return services;
    }

    /// <summary>Whether the dashboard is on (<c>Strangler:Dashboard:Enabled</c>).</summary>
    public static bool IsEnabled(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DashboardOptions>>().Value.Enabled;

    // A plain IHostedService per background service (AddHostedService would keep only the first factory), built only
    // when the dashboard is on: switched off, the service is never constructed and never runs.
    private static void AddWhenEnabled(this IServiceCollection services, Func<IServiceProvider, IHostedService> create) =>
        services.AddSingleton<IHostedService>(sp => IsEnabled(sp) ? create(sp) : Off.Instance);

    private sealed class Off : IHostedService
    {
        public static readonly Off Instance = new();

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
