using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Dashboard.FleetTraffic;
using Strangler.Gateway.Rollout.FleetGates;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// Fails start-up naming every key at fault. A fleet also needs the secrets its replicas share: without them an
/// override token or a dashboard session issued by one replica would be refused by the next.
/// </summary>
internal sealed class FleetOptionsValidator(IOptions<GatewayOptions> gateway, IOptions<DashboardOptions> dashboard)
    : IValidateOptions<FleetOptions>
{
    private const string Prefix = FleetOptions.SectionName + ":";

    // Every fleet interval becomes a timer or a CancelAfter, which throws past about 49 days (int.MaxValue ms) at the
    // moment it is used, not at start-up. No sensible setting comes near a day.
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    private static readonly TimeSpan LongestForget = TimeSpan.FromDays(7);

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

        var provider = options.Store!.Trim().ToLowerInvariant() switch
        {
            "postgres" or "postgresql" => LegacyProvider.Postgres,
            "sqlserver" or "mssql" => LegacyProvider.SqlServer,
            _ => (LegacyProvider?)null,
        };
        if (provider is null)
        {
            failures.Add($"{Prefix}Store must be postgres or sqlserver, found '{options.Store}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{Prefix}ConnectionString is required with {Prefix}Store (the database `strangler migrate` set up).");
        }
        else if (provider is { } known && ConnectionStringCheck.Problem(known, options.ConnectionString) is { } problem)
        {
            failures.Add($"{Prefix}ConnectionString {problem}.");
        }

        InRange(failures, "PollInterval", options.PollInterval);
        InRange(failures, "KeepAliveInterval", options.KeepAliveInterval);
        InRange(failures, "MaxReconnectDelay", options.MaxReconnectDelay);
        InRange(failures, "StartTimeout", options.StartTimeout);
        InRange(failures, "StoreTimeout", options.StoreTimeout);
        InRange(failures, "HeartbeatInterval", options.HeartbeatInterval);
        InRange(failures, "TrafficPublishInterval", options.TrafficPublishInterval);
        // Gone must come after silent, or a replica one late publication away would count as gone, and promotion not
        // wait for it.
        var fresh = options.TrafficPublishInterval * FleetTrafficSource.FreshIntervals;
        if (options.ReplicaGoneAfter <= fresh || options.ReplicaGoneAfter > Longest)
        {
            failures.Add($"{Prefix}ReplicaGoneAfter must be longer than three TrafficPublishIntervals ({fresh}) and at most "
                + $"{Longest.TotalHours:F0} hours, found '{options.ReplicaGoneAfter}'.");
        }
        else
        {
            ForgetAfterGone(failures, options, fresh);
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.LeaseDuration > Longest)
        {
            failures.Add($"{Prefix}LeaseDuration must be from 1 second to {Longest.TotalHours:F0} hours, found '{options.LeaseDuration}'.");
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

    // Judged only against a valid ReplicaGoneAfter: one refusal, not a second that follows from it.
    private static void ForgetAfterGone(List<string> failures, FleetOptions options, TimeSpan fresh)
    {
        // The holder reads a crashed replica's row until it has been gone a whole window (FleetGateEvidence), to name it
        // silent, then gone: deleted sooner, promotion would stop waiting for it without a word. Capped at a week, well
        // inside what SQL Server's DATEADD takes (int milliseconds, 24.8 days).
        var named = options.ReplicaGoneAfter + LocalGateSlots.MaxWindow + fresh;
        if (options.ForgetReplicaAfter <= named || options.ForgetReplicaAfter > LongestForget)
        {
            failures.Add($"{Prefix}ForgetReplicaAfter must be longer than ReplicaGoneAfter plus the longest gate window (15 minutes) "
                + $"and three TrafficPublishIntervals ({named}) and at most {LongestForget.TotalDays:F0} days, found '{options.ForgetReplicaAfter}'.");
        }
    }

    private static void InRange(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}{key} must be positive, found '{value}'.");
        }
        else if (value > Longest)
        {
            failures.Add($"{Prefix}{key} must be at most {Longest.TotalHours:F0} hours, found '{value}'.");
        }
    }
}
