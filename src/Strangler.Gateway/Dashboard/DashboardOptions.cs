namespace Strangler.Gateway.Dashboard;

/// <summary>
/// Settings of the migration dashboard, bound from the <c>Strangler:Dashboard</c> configuration section.
/// The sign-in token is the gateway's admin token (<c>Strangler:Gateway:AdminToken</c>), so the dashboard and the
/// admin API share one secret.
/// </summary>
public sealed record DashboardOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Strangler:Dashboard";

    /// <summary>
    /// Serve the dashboard (default true). False: its page, session and data endpoints are not mapped (they answer
    /// 404), and its metrics listener, inventory and sync status poller never run. The admin API is not affected.
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Path under which the page and its data endpoints are served. Default <c>/_strangler</c>.</summary>
    public string PathBase { get; init; } = StranglerWire.Dashboard;

    /// <summary>
    /// Host names the dashboard answers on (<c>ops.example.com</c>, any port; <c>ops.example.com:8443</c>, that port
    /// only); on any other host its paths answer 404. Empty (default): every host. The dashboard
    /// shares its origin with every app the gateway proxies, and a script on that origin (a cross-site scripting hole
    /// in the monolith, a file it serves as HTML) could read a signed-in operator's CSRF token and flip routes; on a
    /// host of its own, the browser keeps the proxied apps' scripts away from it.
    /// </summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>How long a dashboard session lives after sign-in. Default 8 hours.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Upper bound on sign-outs this gateway remembers until their sessions would have expired (sessions themselves
    /// live in the cookie and cost no memory), so sign-outs cannot grow memory without limit. Default 1000.
    /// </summary>
    public int MaxSessions { get; init; } = 1000;

    /// <summary>
    /// Directory holding the data-protection keys that encrypt dashboard session cookies. Set it so sessions survive a
    /// restart; in a fleet, mount one shared directory on every gateway. Empty (default): in-memory keys, sessions end
    /// at restart and work on one gateway only.
    /// </summary>
    public string? KeysDirectory { get; init; }

    /// <summary>
    /// PEM certificate whose public key encrypts the keys in <see cref="KeysDirectory"/> at rest (with
    /// <see cref="KeysCertificateKeyFile"/>, its private key, to read them back). Every gateway sharing the directory
    /// needs the same certificate. Empty: the keys are stored unencrypted, and the framework warns so at start.
    /// </summary>
    public string? KeysCertificateFile { get; init; }

    /// <summary>The PEM private key of <see cref="KeysCertificateFile"/>; empty when the certificate file holds it.</summary>
    public string? KeysCertificateKeyFile { get; init; }

    /// <summary>
    /// Base URLs or full status URLs of the sync workers (e.g. <c>http://127.0.0.1:5103</c>); the dashboard polls
    /// <c>GET /_strangler/sync/status</c> on each. Empty: the sync columns say no sync worker is configured.
    /// </summary>
    public IReadOnlyList<string> SyncStatusUrls { get; init; } = [];

    /// <summary>
    /// The sync workers' <c>Strangler:Sync:StatusToken</c>, sent with every poll so that the dashboard (behind its
    /// sign-in) shows the text of a pipeline's last error, which can name Kafka's or the legacy database's host; without
    /// it the workers name each error by kind only. A worker with another token, or none, refuses the poll (401), which
    /// the sync columns show. Never logged or shown.
    /// </summary>
    public string? SyncStatusToken { get; init; }

    /// <summary>How often the sync workers are polled. Default 5 seconds.</summary>
    public TimeSpan SyncPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An endpoint with no traffic for this many days is listed as a candidate to retire. Default 30.</summary>
    public int RetireAfterDays { get; init; } = 30;

    /// <summary>Cap on distinct endpoint templates the inventory keeps, so odd paths cannot exhaust memory.</summary>
    public int MaxInventoryTemplates { get; init; } = 2000;

    /// <summary>
    /// File the learned inventory is saved to every minute and on shutdown, and loaded from on start, so "no traffic
    /// for N days" survives restarts. Empty: the inventory lives in memory only.
    /// </summary>
    public string? InventoryFile { get; init; }

    /// <summary>How often the inventory is saved to <see cref="InventoryFile"/>. Default 1 minute.</summary>
    public TimeSpan InventorySaveInterval { get; init; } = TimeSpan.FromMinutes(1);
}
