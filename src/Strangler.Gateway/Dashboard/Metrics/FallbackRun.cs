namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>
/// Fallbacks of one sub-domain that came less than <see cref="Gap"/> apart: since when the new side has been failing
/// over to legacy (<see cref="Since"/>), and its latest fallback (<see cref="Last"/>). A pause longer than the gap
/// starts a new run, so "since" is the start of the current trouble, not of the first ever.
/// </summary>
internal sealed record FallbackRun(DateTimeOffset Since, DateTimeOffset Last)
{
    /// <summary>The overview's window: a run goes on while the window's fallback count has not dropped to zero.</summary>
    public static readonly TimeSpan Gap = TimeSpan.FromMinutes(1);
}
