using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Strangler.Metrics;

/// <summary>
/// Subscribes a metrics pipeline to the meters of its own host only. OpenTelemetry's <c>AddMeter(name)</c> listens to
/// every meter of that name in the process, so where two hosts share one (tests running side by side, a demo that
/// starts a gateway and a sync worker together, an app embedding two gateways) each one's <c>/metrics</c> also carried
/// the other's series: one gateway's 500s counted in another's <c>errors_total</c>. Every Strangler meter comes from
/// the host's <see cref="IMeterFactory"/>, which sets itself as the meter's scope; a meter of the same name with
/// another factory as its scope belongs to another host and is dropped. A meter made without a factory (no scope) is
/// kept, as <c>AddMeter</c> alone would.
/// </summary>
internal static class OwnMeters
{
    public static MeterProviderBuilder AddOwnMeter(this MeterProviderBuilder builder, string meterName)
    {
        builder.AddMeter(meterName);
        if (builder is IDeferredMeterProviderBuilder deferred)
        {
            deferred.Configure((services, configured) =>
            {
                var ownFactory = services.GetRequiredService<IMeterFactory>();
                configured.AddView(instrument => IsAnotherHosts(instrument.Meter, meterName, ownFactory) ? MetricStreamConfiguration.Drop : null);
            });
        }

        return builder;
    }

    private static bool IsAnotherHosts(Meter meter, string meterName, IMeterFactory ownFactory) =>
        meter.Name == meterName && meter.Scope is not null && !ReferenceEquals(meter.Scope, ownFactory);
}
