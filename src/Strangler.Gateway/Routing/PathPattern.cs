namespace Strangler.Gateway.Routing;

/// <summary>
/// A route path pattern in ASP.NET's template syntax, reduced to what a sub-domain claim needs:
/// literal segments, <c>{name}</c> (one segment) and a final <c>{**name}</c> / <c>{*name}</c> (the rest, possibly empty).
/// </summary>
internal sealed class PathPattern
{
    private readonly (PathSegmentKind Kind, string Literal)[] _segments;

    private PathPattern(string text, (PathSegmentKind, string)[] segments)
    {
        Text = text;
        _segments = segments;
        Key = "/" + string.Join('/', segments.Select(s => s.Item1 switch
        {
            PathSegmentKind.Literal => s.Item2.ToLowerInvariant(),
            PathSegmentKind.Parameter => "{}",
            _ => "{**}",
        }));
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The pattern with parameter names and case removed: two claims with the same key are the same claim.</summary>
    public string Key { get; }

    /// <summary>The first segment when it is a literal (the table indexes claims by it), otherwise null.</summary>
    public string? FirstLiteral => _segments.Length > 0 && _segments[0].Kind == PathSegmentKind.Literal ? _segments[0].Literal : null;

    public static PathPattern? TryParse(string text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text[0] != '/')
        {
            error = "must start with '/'";
            return null;
        }

        var trimmed = text.Length > 1 ? text.TrimEnd('/') : text;
        var parts = trimmed == "/" ? [] : trimmed[1..].Split('/');
        var segments = new (PathSegmentKind, string)[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                error = "has an empty segment ('//')";
                return null;
            }

            if (part[0] == '{')
            {
                if (part[^1] != '}' || part.Length < 3)
                {
                    error = $"segment '{part}' is not a valid parameter (use {{name}} or {{**name}})";
                    return null;
                }

                var inner = part[1..^1];
                var catchAll = inner.StartsWith('*');
                var name = inner.TrimStart('*');
                if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    error = $"segment '{part}' has an invalid parameter name";
                    return null;
                }

                if (catchAll && i != parts.Length - 1)
                {
                    error = $"catch-all segment '{part}' must be the last segment";
                    return null;
                }

                segments[i] = (catchAll ? PathSegmentKind.CatchAll : PathSegmentKind.Parameter, name);
                continue;
            }

            if (!part.All(IsLiteralChar))
            {
                error = $"segment '{part}' contains a character not allowed in a path";
                return null;
            }

            segments[i] = (PathSegmentKind.Literal, part);
        }

        return new PathPattern(text, segments);
    }

    /// <summary>
    /// Orders claims most specific first, segment by segment as ASP.NET routing does: a literal beats a parameter,
    /// a parameter beats a catch-all, and a pattern that ends beats one that goes on with a catch-all
    /// (<c>/customers</c> before <c>/customers/{**rest}</c>).
    /// </summary>
    public static int ComparePrecedence(PathPattern a, PathPattern b)
    {
        for (var i = 0; i < Math.Max(a._segments.Length, b._segments.Length); i++)
        {
            var rankA = i < a._segments.Length ? (int)a._segments[i].Kind : 0;
            var rankB = i < b._segments.Length ? (int)b._segments[i].Kind : 0;
            if (rankA != rankB)
            {
                return rankA.CompareTo(rankB);
            }
        }

        return 0;
    }

    /// <summary>Whether <paramref name="path"/> (a request path, starting with '/') is claimed by this pattern.</summary>
    /// <remarks>
    /// Repeated slashes count as one (nginx's <c>merge_slashes</c>). The request is forwarded as sent, and many
    /// monoliths read <c>//customers/1</c> as <c>/customers/1</c> (Tomcat, Python's http.server, most static file
    /// servers): were it unclaimed, a client could reach the legacy side of a sub-domain that is on <c>new</c> by
    /// doubling a slash.
    /// </remarks>
    public bool Matches(ReadOnlySpan<char> path)
    {
        var rest = path.Trim('/');
        for (var i = 0; i < _segments.Length; i++)
        {
            var (kind, literal) = _segments[i];
            if (kind == PathSegmentKind.CatchAll)
            {
                return true;
            }

            if (rest.Length == 0)
            {
                return false;
            }

            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (kind == PathSegmentKind.Literal && !segment.Equals(literal, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            rest = slash < 0 ? [] : rest[(slash + 1)..].TrimStart('/');
        }

        return rest.Length == 0;
    }

    private static bool IsLiteralChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '%' or '!' or '$' or '&' or '\'' or '(' or ')'
            or '+' or ',' or ';' or '=' or ':' or '@';
}
