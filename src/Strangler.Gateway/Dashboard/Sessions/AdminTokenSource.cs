using Microsoft.Extensions.Configuration;

namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>
/// Reads the gateway's admin token, the one secret that signs in to both the admin API and the dashboard.
/// Read on each sign-in so a rotated token in configuration takes effect without a restart.
/// </summary>
internal sealed class AdminTokenSource(IConfiguration configuration)
{
    public const string Key = "Strangler:Gateway:AdminToken";

    public string? Current => configuration[Key] is { Length: > 0 } token ? token : null;
}
