using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace Strangler.Metrics;

/// <summary>
/// Names a host in its OpenTelemetry resource (<c>service.name</c>, and <c>service.instance.id</c> where the host has
/// an id of its own), so that its telemetry does not say <c>unknown_service:strangler</c>, the SDK's default made from
/// the process name, the same for a gateway and a sync worker started by the same CLI.
/// </summary>
internal static class ServiceResource
{
    /// <summary>
    /// Adds <paramref name="serviceName"/> and the id <paramref name="instanceId"/> returns (none when null or empty) as
    /// defaults: <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c> still win.
    /// </summary>
    public static OpenTelemetryBuilder AddDefaultService(this OpenTelemetryBuilder builder, string serviceName,
        Func<IServiceProvider, string?> instanceId) =>
        builder.ConfigureResource(resource => resource
            .AddDetector(services => new Detector(serviceName, InstanceId(instanceId, services)))
            // The SDK's default builder reads the two variables before anything added here, and in a merge the later
            // resource wins, so a default added after them would override what the operator set. Reading them again
            // after the default gives them the last word.
            .AddEnvironmentVariableDetector());

    // The resource is built with the meter provider, which mapping /metrics asks for before the host starts, and so
    // before its options are validated: settings that fail validation would throw here, in place of the start-up error
    // that names them. Without an instance id the host carries on to that error.
    private static string? InstanceId(Func<IServiceProvider, string?> instanceId, IServiceProvider services)
    {
        try
        {
            return instanceId(services);
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    private sealed class Detector(string serviceName, string? instanceId) : IResourceDetector
    {
        public Resource Detect() => ResourceBuilder.CreateEmpty()
            .AddService(serviceName, serviceInstanceId: string.IsNullOrEmpty(instanceId) ? null : instanceId,
                autoGenerateServiceInstanceId: false)
            .Build();
    }
}
