namespace Strangler.Gateway.Dashboard.Inventory;

/// <summary>
/// Folds a request path into a route template: segments that look like ids (all digits, a GUID, or hex of 16+
/// characters) become <c>{id}</c>, so <c>/customers/42</c> and <c>/customers/7</c> count as one endpoint; segments
/// that look like other values become <c>{value}</c>. The template is a label of the open <c>/metrics</c> and is shown
/// on the dashboard, so a value must not pass as a name: <c>/customers/by-email/ada@example.com</c> and a magic link's
/// token (<c>/magic-link/eyJhbGciOi...</c>) were kept whole. A value is a segment with a character no path word has
/// (<c>@ + = % :</c>, a space, anything outside ASCII letters, digits and <c>-_.~</c>), one of 12 characters or more
/// holding a digit (an order number, a token), or one over 40 characters. What it cannot tell from a word is a value
/// that looks like one: a user name such as <c>ada_lovelace</c>.
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

        // Built in one buffer and allocated once: this runs for every proxied request whose path carries an id.
        Span<char> template = stackalloc char[MaxLength];
        var length = 0;
        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan()[range];
            if (segment.IsEmpty)
            {
                continue;
            }

            var text = IsId(segment) ? IdSegment : IsValue(segment) ? ValueSegment : segment;
            if (length + 1 + text.Length > MaxLength)
            {
                // Longer than the maximum: keep the first MaxLength characters, then an ellipsis.
                if (length < MaxLength)
                {
                    template[length++] = '/';
                }

                text[..(MaxLength - length)].CopyTo(template[length..]);
                return string.Concat(template, "…");
            }

            template[length++] = '/';
            text.CopyTo(template[length..]);
            length += text.Length;
        }

        return length == 0 ? "/" : new string(template[..length]);
    }

    /// <summary>
    /// A template an earlier version saved, folded again by today's rules, its <c>{id}</c> and <c>{value}</c> kept (a
    /// brace is not a path word's character, so <see cref="Fold"/> would make <c>{id}</c> a value). Inventory files
    /// written before values were folded hold e-mail addresses and tokens as they were requested, and the dashboard
    /// showed them again after an upgrade.
    /// </summary>
    public static string Refold(string template)
    {
        if (!template.StartsWith('/'))
        {
            return Fold(template);
        }

        // A template cut at MaxLength ends in "…", its last segment a start of what Fold made of the path's segment.
        var cut = template.EndsWith('…');
        var segments = (cut ? template[1..^1] : template[1..]).Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment is IdSegment or ValueSegment || (cut && i == segments.Length - 1 && segment.StartsWith('{')))
            {
                continue;
            }

            segments[i] = IsId(segment) ? IdSegment : IsValue(segment) ? ValueSegment : segment;
        }

        var folded = "/" + string.Join('/', segments);
        return folded.Length > MaxLength ? string.Concat(folded.AsSpan(0, MaxLength), "…") : cut ? folded + "…" : folded;
    }

    private const string IdSegment = "{id}";
    private const string ValueSegment = "{value}";

    internal static bool IsId(ReadOnlySpan<char> segment) =>
        (!segment.IsEmpty && !segment.ContainsAnyExcept(Digits))
        || Guid.TryParse(segment, out _)
        || (segment.Length >= 16 && !segment.ContainsAnyExcept(HexDigits));

    internal static bool IsValue(ReadOnlySpan<char> segment) =>
        segment.ContainsAnyExcept(WordCharacters)
        || (segment.Length >= 12 && segment.ContainsAny(Digits))
        || segment.Length > 40;

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");
    private static readonly System.Buffers.SearchValues<char> WordCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~");
    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>True when the path starts with '/', has no empty segment, no trailing '/', and no id or value segment.</summary>
    private static bool IsAlreadyTemplate(string path)
    {
        if (path[0] != '/' || path[^1] == '/')
        {
            return false;
        }

        foreach (var range in path.AsSpan(1).Split('/'))
        {
            var segment = path.AsSpan(1)[range];
            if (segment.IsEmpty || IsId(segment) || IsValue(segment))
            {
                return false;
            }
        }

        return true;
    }
}
