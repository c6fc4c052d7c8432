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

    internal static bool IsId(string segment) =>
        segment.All(char.IsAsciiDigit)
        || Guid.TryParse(segment, out _)
        || (segment.Length >= 16 && segment.All(char.IsAsciiHexDigit));
}
