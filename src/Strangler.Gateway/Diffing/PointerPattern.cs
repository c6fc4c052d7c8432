namespace Strangler.Gateway.Diffing;

/// <summary>
/// A JSON Pointer whose <c>*</c> segments match any one key or array index: <c>/items/*/etag</c>. Parsed once per
/// route load; matched against the segments of the path being compared.
/// </summary>
internal sealed class PointerPattern
{
    private readonly string[] _segments;

    private PointerPattern(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public static PointerPattern Parse(string pointer) => new(pointer, Segments(pointer));

    public static PointerPattern[] ParseAll(IEnumerable<string> pointers) => pointers.Select(Parse).ToArray();

    /// <summary>True when the pattern names exactly this path.</summary>
    public bool Matches(IReadOnlyList<string> path)
    {
        if (path.Count != _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            if (_segments[i] != "*" && _segments[i] != path[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the pattern names this path or one of its ancestors (ignoring a field ignores what is under it).</summary>
    public bool Covers(IReadOnlyList<string> path)
    {
        if (path.Count < _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            if (_segments[i] != "*" && _segments[i] != path[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the pattern covers the JSON Pointer <paramref name="pointer"/> (a stored field or path).</summary>
    public bool CoversPointer(string pointer) => pointer.StartsWith('/') && Covers(Segments(pointer));

    /// <summary>The unescaped segments of a JSON Pointer: none for the empty pointer (and for <c>/</c>, as patterns have it).</summary>
    public static string[] Segments(string pointer) => pointer.Length <= 1 ? [] : pointer[1..].Split('/').Select(Unescape).ToArray();

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
