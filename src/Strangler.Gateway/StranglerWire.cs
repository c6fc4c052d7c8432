namespace Strangler.Gateway;

/// <summary>
/// The names both ends of a Strangler conversation must agree on, declared once: the reserved paths the gateway and
/// the sync worker serve, and the headers and cookies that the gateway, its dashboard and the <c>strangler</c> CLI
/// exchange. A change here is a change to the wire contract: the public API files make it a visible decision.
/// </summary>
public static class StranglerWire
{
    /// <summary>The path prefix reserved for Strangler's own endpoints; route files may not claim it.</summary>
    public const string Root = "/_strangler";

    /// <summary>The gateway's admin API (bearer token); its endpoints are the members of <see cref="Admin"/>.</summary>
    public const string AdminApi = Root + "/api";

    /// <summary>The sync worker's status document (pipelines, lag, committed offsets), which the dashboard polls.</summary>
    /// <remarks>The sync worker declares the same value as <c>SyncEndpoints.StatusPath</c>, because Sync may not
    /// reference the gateway; a test pins the two together.</remarks>
    public const string SyncStatus = Root + "/sync/status";

    /// <summary>The default base path of the dashboard (<c>Strangler:Dashboard:PathBase</c>).</summary>
    public const string Dashboard = Root;

    /// <summary>The default request header carrying a signed tester-override token (<c>Strangler:Gateway:OverrideHeader</c>).</summary>
    public const string OverrideHeader = "X-Strangler-Override";

    /// <summary>
    /// The response header naming the side and revision that served a request, as the demo and the CLI's traffic
    /// report configure it (<c>Strangler:Gateway:ServedByHeader</c>, off by default).
    /// </summary>
    public const string ServedByHeader = "X-Strangler-Served-By";

    /// <summary>The default cookie holding an anonymous client's id for canary stickiness (<c>Strangler:Gateway:ClientCookieName</c>).</summary>
    public const string ClientCookie = "strangler-client";

    /// <summary>The dashboard's session cookie.</summary>
    public const string SessionCookie = "strangler_session";

    /// <summary>The header in which the dashboard page echoes its session's CSRF token on every state-changing request.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The admin API's endpoints, relative to <see cref="AdminApi"/> (<c>{AdminApi}/{name}</c>).</summary>
    public static class Admin
    {
        /// <summary><c>GET</c>: every route with its mode, percentage, revision and the last load error.</summary>
        public const string Routes = "routes";

        /// <summary><c>GET</c>: the audit trail of route changes, optionally <c>?subdomain=</c>.</summary>
        public const string History = "history";

        /// <summary><c>POST</c>: change a sub-domain's mode (and canary percentage).</summary>
        public const string Flip = "flip";

        /// <summary><c>POST</c>: restore the route table as it was at a revision.</summary>
        public const string Rollback = "rollback";

        /// <summary><c>POST</c>: issue a signed tester-override token for a sub-domain.</summary>
        public const string Override = "override";
    }
}
