using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Canary;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Fallback;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Override;
using Strangler.Gateway.Reload;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway;

/// <summary>DI entry point for hosting the gateway in your own ASP.NET Core app.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway: options from <c>Strangler:Gateway</c> (validated at start), the route table and its
    /// watcher, <see cref="RouteAdmin"/>, the YARP forwarder, metrics with the Prometheus exporter.
    /// Pair with <see cref="GatewayEndpointRouteBuilderExtensions.MapStranglerGateway"/>.
    /// </summary>
    public static IServiceCollection AddStranglerGateway(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CanaryRandom>();
        services.AddHttpForwarder();
        services.AddSingleton<RouteTableStore>();
        services.AddSingleton<UpstreamClient>();
        services.AddSingleton<BreakerRegistry>();
        services.AddSingleton<OverrideTokens>();
        services.TryAddSingleton<AuthFailureLimiter>();
        services.AddSingleton<ClientIdCookie>();
        services.AddSingleton<SideSelector>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<GatewayProxy>();
        services.AddSingleton(sp => new RouteHistoryStore(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.EffectiveHistoryFile));
        services.AddSingleton(sp => new RouteAdmin(
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value,
            sp.GetRequiredService<RouteTableStore>(),
            sp.GetRequiredService<RouteHistoryStore>(),
            sp.GetRequiredService<BreakerRegistry>(),
            sp.GetRequiredService<OverrideTokens>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RouteAdmin>>(),
            sp.GetRequiredService<FleetRouteState>()));
        services.AddGatewayFleet();
        services.AddHostedService<RouteDirectoryWatcher>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(GatewayMetrics.MeterName).AddPrometheusExporter());
        DashboardHook.AddServices(services);
        return services;
    }
}
