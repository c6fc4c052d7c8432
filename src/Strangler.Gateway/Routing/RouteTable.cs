using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Routing;

/// <summary>
/// An immutable snapshot of every route. A reload or flip builds a new table and swaps the reference, so a request
/// that captured a table keeps a consistent view for its whole life.
/// </summary>
internal sealed class RouteTable
{
    private readonly (PathPattern Pattern, ActiveRoute Route)[] _unindexed;
    private readonly Dictionary<string, (PathPattern Pattern, ActiveRoute Route)[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstSegment;
    private readonly Dictionary<string, ActiveRoute> _byName;

    public RouteTable(IReadOnlyList<RouteDefinition> routes, DateTimeOffset loadedAt)
    {
        Routes = routes.OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        LoadedAt = loadedAt;
        var active = Routes.Select(r => new ActiveRoute(r)).ToArray();
        _byName = active.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var claims = active
            .SelectMany(r => r.Definition.Paths.Select(p => (Pattern: PathPattern.TryParse(p, out _)!, Route: r)))
            .OrderBy(c => c.Pattern, Comparer<PathPattern>.Create(PathPattern.ComparePrecedence))
            .ToArray();
        // Indexed by first segment so a request checks only the claims that can match it (unclaimed paths, the bulk
        // of traffic early in a migration, then cost one lookup). Claims starting with a parameter join every bucket,
        // keeping the global order.
        _unindexed = claims.Where(c => c.Pattern.FirstLiteral is null).ToArray();
        _byFirstSegment = claims
            .Where(c => c.Pattern.FirstLiteral is not null)
            .GroupBy(c => c.Pattern.FirstLiteral!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => claims.Where(c => c.Pattern.FirstLiteral is null || StringComparer.OrdinalIgnoreCase.Equals(c.Pattern.FirstLiteral, g.Key)).ToArray(),
                StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The routes, sorted by name.</summary>
    public IReadOnlyList<RouteDefinition> Routes { get; }

    public DateTimeOffset LoadedAt { get; }

    public ActiveRoute? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The sub-domain that claims <paramref name="path"/>, or null (unclaimed: the default upstream).</summary>
    /// <remarks>Repeated slashes count as one, as in <see cref="PathPattern.Matches"/>.</remarks>
    public ActiveRoute? Match(string path)
    {
        var rest = path.AsSpan().TrimStart('/');
        var slash = rest.IndexOf('/');
        var first = slash < 0 ? rest : rest[..slash];
        var candidates = _byFirstSegment.TryGetValue(first, out var bucket) ? bucket : _unindexed;
        foreach (var (pattern, route) in candidates)
        {
            if (pattern.Matches(path))
            {
                return route;
            }
        }

        return null;
    }
}
