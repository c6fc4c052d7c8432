using System.Text;
using System.Text.Json;

namespace Strangler.Gateway.Diffing;

/// <summary>
/// Compares two JSON documents by JSON Pointer path: numbers by value, object keys in any order, arrays by position
/// (one <see cref="DiffKind.Order"/> difference when only the order differs) unless declared sets. Pure: no state,
/// no I/O, the same answer for the same input.
/// </summary>
internal static class JsonComparer
{
    public static List<Difference> Compare(JsonElement legacy, JsonElement @new, ComparisonRules rules)
    {
        var walk = new Walk(rules);
        walk.Element(legacy, @new);
        return walk.Found;
    }

    /// <summary>A canonical text of an element: keys sorted, numbers by value, no whitespace. Equal values, equal text.</summary>
    public static string Canonical(JsonElement element)
    {
        var builder = new StringBuilder();
        AppendCanonical(element, builder);
        return builder.ToString();
    }

    private static void AppendCanonical(JsonElement element, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",").Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    AppendCanonical(property.Value, builder);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    builder.Append(index++ == 0 ? "" : ",");
                    AppendCanonical(item, builder);
                }

                builder.Append(']');
                break;
            case JsonValueKind.Number:
                builder.Append(element.TryGetDecimal(out var number) ? number.ToString("G29", System.Globalization.CultureInfo.InvariantCulture) : element.GetRawText());
                break;
            default:
                builder.Append(element.GetRawText());
                break;
        }
    }

    private static bool NumbersEqual(JsonElement a, JsonElement b)
    {
        if (a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y))
        {
            return x == y;
        }

        return a.TryGetDouble(out var p) && b.TryGetDouble(out var q) ? p.Equals(q) : a.GetRawText() == b.GetRawText();
    }

    private static string Kind(JsonValueKind kind) => kind is JsonValueKind.True or JsonValueKind.False ? "boolean" : kind.ToString();

    private sealed class Walk(ComparisonRules rules)
    {
        private readonly List<string> _segments = [];
        private readonly List<bool> _isIndex = [];

        public List<Difference> Found { get; } = [];

        public void Element(JsonElement legacy, JsonElement @new)
        {
            if (Found.Count >= rules.MaxDifferences || rules.Ignore.Any(p => p.Covers(_segments)))
            {
                return;
            }

            if (Kind(legacy.ValueKind) != Kind(@new.ValueKind))
            {
                Add(DiffKind.Type, legacy, @new);
                return;
            }

            switch (legacy.ValueKind)
            {
                case JsonValueKind.Object:
                    Objects(legacy, @new);
                    break;
                case JsonValueKind.Array:
                    if (rules.ArraysAsSets.Any(p => p.Matches(_segments)))
                    {
                        Sets(legacy, @new);
                    }
                    else
                    {
                        Arrays(legacy, @new);
                    }

                    break;
                case JsonValueKind.Number:
                    if (!NumbersEqual(legacy, @new))
                    {
                        Add(DiffKind.Value, legacy, @new);
                    }

                    break;
                case JsonValueKind.String:
                    if (!legacy.ValueEquals(@new.GetString()))
                    {
                        Add(DiffKind.Value, legacy, @new);
                    }

                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    if (legacy.ValueKind != @new.ValueKind)
                    {
                        Add(DiffKind.Value, legacy, @new);
                    }

                    break;
            }
        }

        private void Objects(JsonElement legacy, JsonElement @new)
        {
            foreach (var property in legacy.EnumerateObject())
            {
                Push(property.Name, index: false);
                if (@new.TryGetProperty(property.Name, out var other))
                {
                    Element(property.Value, other);
                }
                else if (!Ignored())
                {
                    Add(DiffKind.Missing, property.Value, null);
                }

                Pop();
            }

            foreach (var property in @new.EnumerateObject())
            {
                if (!legacy.TryGetProperty(property.Name, out _))
                {
                    Push(property.Name, index: false);
                    if (!Ignored())
                    {
                        Add(DiffKind.Extra, null, property.Value);
                    }

                    Pop();
                }
            }
        }

        private void Arrays(JsonElement legacy, JsonElement @new)
        {
            var left = legacy.EnumerateArray().ToArray();
            var right = @new.EnumerateArray().ToArray();
            if (left.Length == right.Length && left.Length > 1)
            {
                var leftText = left.Select(Canonical).ToArray();
                var rightText = right.Select(Canonical).ToArray();
                if (!leftText.SequenceEqual(rightText) && leftText.Order(StringComparer.Ordinal).SequenceEqual(rightText.Order(StringComparer.Ordinal)))
                {
                    Add(DiffKind.Order, legacy, @new);
                    return;
                }
            }

            for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
            {
                Push(i.ToString(System.Globalization.CultureInfo.InvariantCulture), index: true);
                if (i < left.Length && i < right.Length)
                {
                    Element(left[i], right[i]);
                }
                else if (!Ignored())
                {
                    Add(i < left.Length ? DiffKind.Missing : DiffKind.Extra, i < left.Length ? left[i] : null, i < right.Length ? right[i] : null);
                }

                Pop();
            }
        }

        private void Sets(JsonElement legacy, JsonElement @new)
        {
            var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in @new.EnumerateArray())
            {
                var text = Canonical(item);
                remaining[text] = remaining.GetValueOrDefault(text) + 1;
            }

            foreach (var item in legacy.EnumerateArray())
            {
                var text = Canonical(item);
                if (remaining.GetValueOrDefault(text) > 0)
                {
                    remaining[text]--;
                }
                else
                {
                    Add(DiffKind.Missing, item, null);
                }
            }

            foreach (var item in @new.EnumerateArray())
            {
                var text = Canonical(item);
                if (remaining.GetValueOrDefault(text) > 0)
                {
                    remaining[text]--;
                    Add(DiffKind.Extra, null, item);
                }
            }
        }

        private bool Ignored() => rules.Ignore.Any(p => p.Covers(_segments));

        private void Push(string segment, bool index)
        {
            _segments.Add(segment);
            _isIndex.Add(index);
        }

        private void Pop()
        {
            _segments.RemoveAt(_segments.Count - 1);
            _isIndex.RemoveAt(_isIndex.Count - 1);
        }

        private void Add(DiffKind kind, JsonElement? legacy, JsonElement? @new)
        {
            if (Found.Count >= rules.MaxDifferences)
            {
                return;
            }

            var path = new StringBuilder();
            var field = new StringBuilder();
            for (var i = 0; i < _segments.Count; i++)
            {
                var escaped = PointerPattern.Escape(_segments[i]);
                path.Append('/').Append(escaped);
                field.Append('/').Append(_isIndex[i] ? "*" : escaped);
            }

            // The whole document is the empty pointer, as RFC 6901 has it. Values are kept whole: a sample redacts
            // them (inside an object, too) before it trims them, and a value cut first could no longer be parsed.
            Found.Add(new Difference(path.ToString(), field.ToString(), kind, legacy?.GetRawText(), @new?.GetRawText()));
        }
    }
}
