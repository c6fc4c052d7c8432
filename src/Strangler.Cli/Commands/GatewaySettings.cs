namespace Strangler.Cli.Commands;

/// <summary>
/// The settings <c>strangler gateway --help</c> lists: it named only --routes, --urls and --access-log, so an operator
/// had to find in the README that the admin API needs <c>AdminToken</c>, where unclaimed paths go, or how to join a fleet.
/// </summary>
/// <remarks>A test holds this list to the gateway's options, so a setting added there cannot go unlisted here.</remarks>
internal static class GatewaySettings
{
    /// <summary>Each setting under <c>Strangler:Gateway</c> (or a group of them), its default and what it is for, one per help line.</summary>
    public static readonly IReadOnlyList<(string Key, string Meaning)> Listed =
    [
        ("RoutesDirectory", "the route files (--routes; default routes)"),
        ("DefaultUpstream", "where paths no route claims go: the monolith (required)"),
        ("AdminToken", "bearer token of the admin API and the dashboard sign-in, 16 characters or more; set it as the " +
            "Strangler__Gateway__AdminToken variable, not an argument (default: none, both answer 404)"),
        ("Fleet:{Store, ConnectionString, ReplicaId, Address}", "a fleet sharing one route state: postgres or sqlserver " +
            "(default: none, the routes directory is the truth); every replica then needs the same OverrideSigningKey " +
            "and one shared Strangler:Dashboard:KeysDirectory (README 'Running the gateway as a fleet')"),
        ("AccessLog:Enabled", "one line per proxied request (--access-log; default off)"),
        ("UpstreamTimeout, Breaker:{FailureThreshold, OpenDuration}", "per upstream request, circuit breaker (100 s; 5, 30 s)"),
        ("ServedByHeader, OverrideHeader, OverrideSigningKey", "the served-by response header (off); tester overrides " +
            "(X-Strangler-Override; key random per process: set one for a fleet)"),
        ("Shadow:*, Rollout:*", "shadow traffic and progressive rollouts (README 'Shadow traffic', 'Progressive cutover')"),
    ];

    /// <summary>The list as help text: a heading, then one indented line per setting.</summary>
    public static string HelpText() =>
        "Settings, under Strangler:Gateway (--Strangler:Gateway:Key=value, appsettings.json, or Strangler__Gateway__Key "
        + "variables; the README's 'Configuration (Strangler:Gateway ...)' tells each in full):"
        + string.Concat(Listed.Select(s => $"\n  {s.Key}: {s.Meaning}"))
        + "\nListening: --urls (default http://127.0.0.1:5100), or Kestrel:Endpoints:<name>:Url."
        + "\nThe dashboard: Strangler:Dashboard:{Enabled, PathBase, SyncStatusUrls, SyncStatusToken} (on, at /_strangler)."
        + "\nLog levels: --Logging:LogLevel:<category>=Warning (README 'Logging').";
}
