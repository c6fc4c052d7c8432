namespace Strangler.Gateway.Dashboard.Inventory;

/// <summary>
/// Folds a request path into a route template: segments that look like ids (all digits, a GUID, or hex of 16+
/// characters) become <c>{id}</c>, so <c>/customers/42</c> and <c>/customers/7</c> count as one endpoint.
/// </summary>
internal static class PathTemplate
{
    /// <summary>Longest template kept; longer paths are cut so one request cannot store an unbounded string.</summary>
    public const int MaxLength = 200;

    public static string Fold(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return "/";
        }

        // Fast path for the common case on every proxied request: nothing to fold, nothing to allocate.
        if (path.Length <= MaxLength && IsAlreadyTemplate(path))
        {
            return path;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            if (IsId(segments[i]))
            {
                segments[i] = "{id}";
            }
        }

        var template = "/" + string.Join('/', segments);
        return template.Length <= MaxLength ? template : template[..MaxLength] + "…";
    }

    internal static bool IsId(ReadOnlySpan<char> segment) =>
        (!segment.IsEmpty && !segment.ContainsAnyExcept(Digits))
        || Guid.TryParse(segment, out _)
        || (segment.Length >= 16 && !segment.ContainsAnyExcept(HexDigits));

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");
    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>True when the path starts with '/', has no empty segment, no trailing '/', and no id segment.</summary>
    private static bool IsAlreadyTemplate(string path)
    {
        if (path[0] != '/' || path[^1] == '/')
        {
            return false;
        }

        foreach (var range in path.AsSpan(1).Split('/'))
        {
            var segment = path.AsSpan(1)[range];
            if (segment.IsEmpty || IsId(segment))
            {
                return false;
            }
        }

        return true;
    }
}
