using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Strangler.Configuration;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Breakers;
using Strangler.Gateway.Canary;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Dashboard.Hosting;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Logging;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Override;
using Strangler.Gateway.Reload;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Routing;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.Stalls;
using Strangler.Metrics;

namespace Strangler.Gateway;

/// <summary>DI entry point for hosting the gateway in your own ASP.NET Core app.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway: options from <c>Strangler:Gateway</c> (validated at start), the route table and its
    /// watcher, the route admin service, the YARP forwarder, metrics (meter <c>Strangler.Gateway</c>) with the
    /// Prometheus exporter, and the dashboard (<c>Strangler:Dashboard</c>, on unless <c>Enabled</c> is false).
    /// Pair with <see cref="GatewayEndpointRouteBuilderExtensions.MapStranglerGateway"/>.
    /// </summary>
    public static IServiceCollection AddStranglerGateway(this IServiceCollection services)
    {
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
        services.RefuseBareDurations<GatewayOptions>(GatewayOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICanaryRandom, CanaryRandom>();
        services.AddHttpForwarder();
        services.AddSingleton<RouteTableStore>();
        services.AddSingleton<UpstreamClient>();
        services.AddSingleton<BreakerRegistry>();
        services.AddSingleton<OverrideTokens>();
        services.TryAddAuthFailureLimiter();
        services.TryAddSingleton<AdminTokenSource>();
        services.AddSingleton<ClientIdCookie>();
        services.AddSingleton<SideSelector>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<StallWatchdog>();
        services.AddHostedService(sp => sp.GetRequiredService<StallWatchdog>());
        services.AddSingleton<GatewayProxy>();
        services.AddSingleton<ShutdownDrain>();
        services.AddSingleton<RepeatedWarnings>();
        services.AddStranglerShadow();
        services.AddSingleton(sp => new RouteHistoryStore(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.EffectiveHistoryFile,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<RouteHistoryStore>()));
        services.AddSingleton<ClaimKeyCheck>();
        services.AddSingleton<RouteAdmin>();
        services.AddSingleton<OverrideIssuer>();
        services.AddGatewayFleet();
        services.AddHostedService<RouteDirectoryWatcher>();
        services.AddStranglerRollout();
        services.AddOpenTelemetry()
            .AddDefaultService(GatewayInstruments.ServiceName, provider =>
                provider.GetRequiredService<IOptions<FleetOptions>>().Value is { Enabled: true } fleet ? fleet.EffectiveReplicaId : null)
            .WithMetrics(metrics => metrics.AddOwnMeter(GatewayInstruments.MeterName).AddPrometheusExporter());
        services.AddGatewayDashboard();
        return services;
    }
}
