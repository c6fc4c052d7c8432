using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Routing;

/// <summary>
/// An immutable snapshot of every route. A reload or flip builds a new table and swaps the reference, so a request
/// that captured a table keeps a consistent view for its whole life.
/// </summary>
internal sealed class RouteTable
{
    private readonly (PathPattern Pattern, ActiveRoute Route)[] _claims;
    private readonly Dictionary<string, ActiveRoute> _byName;

    public RouteTable(IReadOnlyList<RouteDefinition> routes, DateTimeOffset loadedAt)
    {
        Routes = routes.OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        LoadedAt = loadedAt;
        var active = Routes.Select(r => new ActiveRoute(r)).ToArray();
        _byName = active.ToDictionary(r => r.Name, StringComparer.Ordinal);
        // Most specific claim first: more literal segments, then exact before catch-all, then longer.
        _claims = active
            .SelectMany(r => r.Definition.Paths.Select(p => (Pattern: PathPattern.TryParse(p, out _)!, Route: r)))
            .OrderByDescending(c => c.Pattern.LiteralCount)
            .ThenBy(c => c.Pattern.HasCatchAll)
            .ThenByDescending(c => c.Pattern.SegmentCount)
            .ToArray();
    }

    /// <summary>The routes, sorted by name.</summary>
    public IReadOnlyList<RouteDefinition> Routes { get; }

    public DateTimeOffset LoadedAt { get; }

    public ActiveRoute? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The sub-domain that claims <paramref name="path"/>, or null (unclaimed: the default upstream).</summary>
    public ActiveRoute? Match(string path)
    {
        foreach (var (pattern, route) in _claims)
        {
            if (pattern.Matches(path))
            {
                return route;
            }
        }

        return null;
    }
}
