using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Dashboard;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// Fails start-up naming every key at fault. A fleet also needs the secrets its replicas share: without them an
/// override token or a dashboard session issued by one replica would be refused by the next.
/// </summary>
internal sealed class FleetOptionsValidator(IOptions<GatewayOptions> gateway, IOptions<DashboardOptions> dashboard)
    : IValidateOptions<FleetOptions>
{
    private const string Prefix = FleetOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        var failures = new List<string>();
        if (!options.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                failures.Add($"{Prefix}Store is required with {Prefix}ConnectionString: postgres or sqlserver.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (options.Store!.Trim().ToLowerInvariant() is not ("postgres" or "postgresql" or "sqlserver" or "mssql"))
        {
            failures.Add($"{Prefix}Store must be postgres or sqlserver, found '{options.Store}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{Prefix}ConnectionString is required with {Prefix}Store (the database `strangler migrate` set up).");
        }

        Positive(failures, "PollInterval", options.PollInterval);
        Positive(failures, "KeepAliveInterval", options.KeepAliveInterval);
        Positive(failures, "MaxReconnectDelay", options.MaxReconnectDelay);
        Positive(failures, "StartTimeout", options.StartTimeout);
        Positive(failures, "StoreTimeout", options.StoreTimeout);
        Positive(failures, "HeartbeatInterval", options.HeartbeatInterval);
        Positive(failures, "TrafficPublishInterval", options.TrafficPublishInterval);
        if (options.LeaseDuration < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{Prefix}LeaseDuration must be at least 1 second, found '{options.LeaseDuration}'.");
        }

        if (string.IsNullOrEmpty(gateway.Value.OverrideSigningKey))
        {
            failures.Add($"{GatewayOptions.SectionName}:OverrideSigningKey is required in a fleet: the same key on every replica, so an override token issued by one works on all.");
        }

        if (string.IsNullOrWhiteSpace(dashboard.Value.KeysDirectory))
        {
            failures.Add($"{DashboardOptions.SectionName}:KeysDirectory is required in a fleet: one shared directory of data-protection keys, so a dashboard session signed in on one replica works on all.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{key} must be positive, found '{value}'.");
        }
    }
}
