namespace Strangler.Gateway.Configuration;

/// <summary>
/// A route's <c>shadow</c> block: a sampled copy of the requests legacy serves is also sent to the new side, whose
/// answer is compared with legacy's and thrown away. Active in <see cref="RouteMode.Legacy"/> and
/// <see cref="RouteMode.Canary"/> mode; kept but idle in <see cref="RouteMode.New"/> mode, so that a rollback to
/// canary resumes shadowing without editing the file again.
/// </summary>
public sealed record ShadowSettings
{
    /// <summary>Default <see cref="Methods"/>: only safe methods, which cannot change anything on the new side.</summary>
    public static readonly IReadOnlyList<string> DefaultMethods = ["GET", "HEAD"];

    /// <summary>Default <see cref="CompareHeaders"/>.</summary>
    public static readonly IReadOnlyList<string> DefaultCompareHeaders = ["Content-Type"];

    /// <summary>Percentage (0..100) of users whose legacy-served requests are shadowed; sticky per user key.</summary>
    public int Percentage { get; init; } = 100;

    /// <summary>
    /// HTTP methods shadowed. POST, PUT, PATCH and DELETE are shadowed only when named here; the new side then
    /// receives <see cref="ShadowHeaders.Marker"/> so it can answer without committing.
    /// </summary>
    public IReadOnlyList<string> Methods { get; init; } = DefaultMethods;

    /// <summary>
    /// Most bytes of each response body (and of a replayed request body) kept for comparison. A larger response is
    /// still compared by status, headers and a SHA-256 of the whole body, and counted as too large for a field diff.
    /// </summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How long a shadow request (the new side's answer, read whole) may take before it counts as timed out.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Shadow requests of this sub-domain in flight at once, at most.</summary>
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>Shadow requests waiting for a free slot, at most; one more is dropped and counted.</summary>
    public int QueueLength { get; init; } = 1024;

    /// <summary>JSON Pointers (a <c>*</c> segment matches any one key or index) never reported, with everything under them.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>Response headers compared (case-insensitive), besides the status code.</summary>
    public IReadOnlyList<string> CompareHeaders { get; init; } = DefaultCompareHeaders;

    /// <summary>Headers never compared, even when listed in <see cref="CompareHeaders"/>.</summary>
    public IReadOnlyList<string> IgnoreHeaders { get; init; } = [];

    /// <summary>JSON Pointers (with <c>*</c>) of arrays compared as multisets: order does not matter.</summary>
    public IReadOnlyList<string> ArraysAsSets { get; init; } = [];

    /// <summary>
    /// Percentage (0..100) of shadowed GET and HEAD requests also sent to legacy a second time, to learn which fields
    /// differ between two legacy answers (noise).
    /// </summary>
    public int NoisePercentage { get; init; } = 10;

    /// <summary>
    /// Headers replaced by <c>[redacted]</c> in stored samples, besides Authorization, Cookie, Set-Cookie,
    /// Proxy-Authorization and any header whose name looks secret (contains <c>token</c>, <c>secret</c>, <c>api-key</c>, ...).
    /// </summary>
    public IReadOnlyList<string> RedactHeaders { get; init; } = [];

    /// <summary>JSON Pointers (with <c>*</c>) of body fields replaced by <c>"[redacted]"</c> in stored samples and differences.</summary>
    public IReadOnlyList<string> RedactFields { get; init; } = [];
}
