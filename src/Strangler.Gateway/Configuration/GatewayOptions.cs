namespace Strangler.Gateway.Configuration;

/// <summary>Gateway settings, bound from the <c>Strangler:Gateway</c> configuration section.</summary>
public sealed record GatewayOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Strangler:Gateway";

    /// <summary>Directory of route files, one <c>&lt;subdomain&gt;.json</c> per sub-domain. Required.</summary>
    public string RoutesDirectory { get; init; } = "";

    /// <summary>Absolute http(s) URL that receives every path no sub-domain claims (the legacy monolith). Required.</summary>
    public string DefaultUpstream { get; init; } = "";

    /// <summary>Bearer token for the admin API under <c>/_strangler/api</c>; empty turns the admin API off (404).</summary>
    public string? AdminToken { get; init; }

    /// <summary>Response header naming the side and route revision that served a request; empty (default) = off.</summary>
    public string ServedByHeader { get; init; } = "";

    /// <summary>Request header carrying a signed tester-override token.</summary>
    public string OverrideHeader { get; init; } = StranglerWire.OverrideHeader;

    /// <summary>
    /// HMAC-SHA256 key (at least 32 characters) for tester-override tokens. Share it between replicas; when empty, a
    /// random key is made at start, so tokens work only on the replica that issued them.
    /// </summary>
    public string? OverrideSigningKey { get; init; }

    /// <summary>Longest lifetime an override token may be issued for.</summary>
    public TimeSpan OverrideMaxLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Append-only JSONL file of route changes; default <c>history.jsonl</c> in the routes directory.</summary>
    public string? HistoryFile { get; init; }

    /// <summary>Quiet time after the last file-system event before the routes directory is reloaded.</summary>
    public TimeSpan ReloadDebounce { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// How often the gateway checks whether the routes directory has appeared (or gone): a missing directory at start
    /// is loaded as soon as it exists, without a restart.
    /// </summary>
    public TimeSpan DirectoryPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an upstream may stay silent (no headers, no body bytes) before the request fails with 504.</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How late the gateway's stall watchdog (a thread waking every 100 ms on the monotonic clock) may wake before the
    /// gap counts as a stall of the whole process (SIGSTOP, a container or VM freeze, a long runtime pause). Requests in
    /// flight during a stall are left out of the rollout's evidence on both sides. Default 1 s: scheduling jitter on a
    /// loaded machine and garbage collections stay far below it, and a shorter stall cannot time a request out.
    /// </summary>
    public TimeSpan StallThreshold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Cookie holding the random client id the gateway assigns when a canary request lacks the route's user key, so an
    /// anonymous browser stays on one side. Empty turns it off: such requests are then decided one by one.
    /// </summary>
    public string ClientCookieName { get; init; } = StranglerWire.ClientCookie;

    /// <summary>Lifetime of the client cookie; a browser keeps its side for this long after its last canary request.</summary>
    public TimeSpan ClientCookieMaxAge { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Failed authentications (a wrong admin token on the admin API or the dashboard sign-in) one client address may
    /// make per <see cref="AuthFailureWindow"/>; past it, that address gets 429 with Retry-After, even with the right
    /// token. Successful authentications are not counted. Default 10.
    /// </summary>
    public int AuthFailureLimit { get; init; } = 10;

    /// <summary>The window of <see cref="AuthFailureLimit"/>. Default 1 minute.</summary>
    public TimeSpan AuthFailureWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Request headers removed before any upstream sees them, comma-separated: claims about the request that only the
    /// gateway (or a proxy in front of it) may make. Default <c>X-Original-URL, X-Rewrite-URL</c> (IIS, Symfony and
    /// others serve the path these name instead of the request's, so a client could reach any path of the side its
    /// request was routed to); <c>Forwarded, X-Real-IP, X-Client-IP, True-Client-IP, X-Cluster-Client-IP</c> (the
    /// client's address, as frameworks' "client IP" helpers read it); <c>X-Forwarded-Prefix, -Port, -Ssl, -Scheme,
    /// -Server, X-Url-Scheme, Front-End-Https</c> (the path base, port and scheme: Rack, Laravel and Symfony take
    /// <c>X-Forwarded-Ssl: on</c> or <c>X-Url-Scheme: https</c> as a secure request). The gateway sets
    /// <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> itself. Behind a proxy that sets one of these for real,
    /// leave it out of the list. Empty removes none.
    /// </summary>
    public string StripRequestHeaders { get; init; } =
        "X-Original-URL, X-Rewrite-URL, Forwarded, X-Real-IP, X-Forwarded-Prefix, X-Forwarded-Port, X-Forwarded-Ssl, X-Forwarded-Scheme, X-Forwarded-Server, X-Url-Scheme, Front-End-Https, X-Client-IP, True-Client-IP, X-Cluster-Client-IP";

    /// <summary>
    /// Refuse with 400 a request whose path an upstream may read as another path than the one the gateway routed:
    /// a backslash (sent as <c>\</c> or <c>%5C</c>; IIS and Windows servers read it as <c>/</c>) or a dot segment
    /// carrying a parameter (<c>/..;/</c>; Tomcat and other Java servers go up a level). Default true.
    /// </summary>
    public bool RejectAmbiguousPaths { get; init; } = true;

    /// <summary>Circuit breaker for the new side of each sub-domain.</summary>
    public BreakerOptions Breaker { get; init; } = new();

    /// <summary>The per-request access log; off by default.</summary>
    public AccessLogOptions AccessLog { get; init; } = new();

    /// <summary>The header names of <see cref="StripRequestHeaders"/>, trimmed, without empty entries.</summary>
    internal IReadOnlyList<string> StrippedRequestHeaders =>
        StripRequestHeaders.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The history file actually used.</summary>
    public string EffectiveHistoryFile =>
        string.IsNullOrEmpty(HistoryFile) ? Path.Combine(RoutesDirectory, "history.jsonl") : HistoryFile;
}
