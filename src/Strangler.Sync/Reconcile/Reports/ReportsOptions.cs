namespace Strangler.Sync.Reconcile.Reports;

/// <summary>
/// Where reconcile reports live and who may read them over HTTP (<c>Strangler:Sync:Reports</c>): <c>strangler
/// reconcile</c> writes into <see cref="Directory"/> by default, and the sync worker serves the newest report of each
/// projection from it at <c>GET /_strangler/sync/reconcile/{projection}/report</c>.
/// </summary>
public sealed record ReportsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Strangler:Sync:Reports";

    /// <summary>
    /// The reports directory (unset: <c>strangler reconcile</c> writes <c>reconcile-&lt;projection&gt;.ndjson</c> in the
    /// current folder, and the worker serves nothing). Each run writes a new file
    /// <c>&lt;directory&gt;/&lt;projection&gt;/&lt;UTC start&gt;-&lt;id&gt;.ndjson</c> with its checkpoint beside it; an
    /// unfinished run is resumed in its own file.
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>
    /// The bearer token the report endpoints require (16 printable ASCII characters or more; unset: they answer 404).
    /// Findings hold legacy and new field values, so they are never served without it. Never logged.
    /// </summary>
    public string? AccessToken { get; init; }

    /// <summary>
    /// Wrong or missing tokens one client address may send per <see cref="AuthFailureWindow"/>; past it, that address
    /// gets 429 with Retry-After, even with the right token. Correct tokens are not counted. Default 10, as the gateway's
    /// admin API.
    /// </summary>
    public int AuthFailureLimit { get; init; } = 10;

    /// <summary>The window of <see cref="AuthFailureLimit"/>. Default 1 minute.</summary>
    public TimeSpan AuthFailureWindow { get; init; } = TimeSpan.FromMinutes(1);
}
