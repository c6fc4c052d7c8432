using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// The shadow comparison's results, per sub-domain, since each one's last reset; the <see cref="IShadowDiffRates"/>
/// that the dashboard's charts and the rollout gates read.
/// <para>
/// "Differing", everywhere (report, API, CLI, metrics gauge, <see cref="Count"/>): a compared shadow request with at
/// least one difference (status, a compared header, the body, a JSON field) whose field is not covered by the
/// route's current <c>ignore</c> paths and is not judged noise for that endpoint when read: a field is noise while its
/// legacy-vs-new diff rate does not exceed its legacy-vs-legacy rate by more than both
/// <see cref="ShadowOptions.AbsoluteThreshold"/> and <see cref="ShadowOptions.RelativeThreshold"/> (see
/// <see cref="NoiseJudge"/>). Requests are stored by which fields differed, not by a verdict, so a field that turns
/// out to be noise stops counting for past requests too. Timed-out, failed and dropped shadows are not compared.
/// <see cref="Count"/> has one-minute resolution for the last 24 hours and one-hour resolution for 8 days before
/// (a bucket counts when its start lies in the window); a reset clears the sub-domain's history as well.
/// </para>
/// </summary>
internal sealed class ShadowResults(RouteTableStore routes, IOptions<ShadowOptions> options, TimeProvider time) : IShadowDiffRates
{
    private readonly ConcurrentDictionary<string, SubdomainResults> _subdomains = new(StringComparer.Ordinal);

    public SubdomainResults For(string subdomain) =>
        _subdomains.GetOrAdd(subdomain, _ => new SubdomainResults(options.Value, time.GetUtcNow()));

    public ShadowDiffCounts Count(string subdomain, DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        if (!_subdomains.TryGetValue(subdomain, out var results))
        {
            return default;
        }

        var (compared, differing) = results.Count(windowStart, windowEnd, time.GetUtcNow(), IgnoredIn(subdomain));
        return new ShadowDiffCounts(compared, differing);
    }

    /// <summary>
    /// Adds the shadow comparisons of a minute that this replica's previous run published (see
    /// <see cref="Rollout.FleetGates.PredecessorEvidence"/>) to <see cref="Count"/>: the gates and charts count them, the
    /// per-endpoint report (this process's since its start) does not.
    /// </summary>
    public void AddJudged(string subdomain, DateTimeOffset minute, long compared, long differing) =>
        For(subdomain).AddJudged(minute, compared, differing);

    /// <summary>
    /// The report of <paramref name="subdomain"/>; null when it is neither a route nor has results. A read changes
    /// nothing: a route with no results yet gets an empty report with no <see cref="DiffReport.Since"/>, because the
    /// window starts with the first shadowed request (or a reset), not with whoever asked first; a window opened by
    /// a read claimed hours of watching before shadow was even turned on, and listed the route under <c>GET /diffs</c>
    /// from then on.
    /// </summary>
    public DiffReport? Report(string subdomain)
    {
        var route = routes.Current?.Find(subdomain);
        var shadowOn = route?.Shadow is not null;
        if (_subdomains.TryGetValue(subdomain, out var results))
        {
            return results.Report(subdomain, shadowOn, IgnoredIn(subdomain));
        }

        return route is null ? null : SubdomainResults.NotStarted(subdomain, shadowOn, options.Value);
    }

    /// <summary>Sub-domains with results or a shadow block, sorted.</summary>
    public IReadOnlyList<string> Subdomains() =>
        _subdomains.Keys.Concat((routes.Current?.Routes ?? []).Where(r => r.Shadow is not null).Select(r => r.Name))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Starts <paramref name="subdomain"/> over; false when it is neither a route nor has results.</summary>
    public bool Reset(string subdomain)
    {
        var known = _subdomains.ContainsKey(subdomain) || routes.Current?.Find(subdomain) is not null;
        if (known)
        {
            _subdomains[subdomain] = new SubdomainResults(options.Value, time.GetUtcNow());
        }

        return known;
    }

    /// <summary>Whether a field is ignored by the route's current <c>ignore</c> paths (a live reload applies to old results too).</summary>
    private Func<string, bool> IgnoredIn(string subdomain)
    {
        var plan = routes.Current?.Find(subdomain)?.Shadow;
        return plan is null || plan.Rules.Ignore.Count == 0 ? _ => false : plan.IsIgnored;
    }
}
