using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Finds properties written twice in one JSON object, at any depth. System.Text.Json keeps the last one silently, so
/// <c>"mode": "legacy", "mode": "new"</c> would serve whichever came last. <c>JsonDocumentOptions.AllowDuplicateProperties</c>
/// (.NET 10) refuses them too, but stops at the first and says neither where the first one was nor every other one;
/// this walks the document once and reports each duplicate with its JSON path and both lines.
/// </summary>
internal static class JsonDuplicateProperties
{
    /// <summary>Every duplicate in <paramref name="utf8Json"/>; empty when there are none or the JSON is malformed (reported elsewhere).</summary>
    public static IReadOnlyList<JsonDuplicate> Find(ReadOnlySpan<byte> utf8Json)
    {
        var found = new List<JsonDuplicate>();
        var scopes = new Stack<Scope>();
        var reader = new Utf8JsonReader(utf8Json);
        var lines = new LineCounter();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    {
                        var scope = scopes.Peek();
                        var name = reader.GetString()!;
                        var line = lines.LineAt(utf8Json, reader.TokenStartIndex);
                        if (!scope.Names!.TryAdd(name, line))
                        {
                            found.Add(new JsonDuplicate(Join(scope.Path, name), scope.Names[name], line));
                        }

                        scope.Property = name;
                        break;
                    }

                    case JsonTokenType.StartObject:
                        scopes.Push(new Scope(ValuePath(scopes), new Dictionary<string, int>(StringComparer.Ordinal)));
                        break;
                    case JsonTokenType.StartArray:
                        scopes.Push(new Scope(ValuePath(scopes), null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    default:
                        ValuePath(scopes);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is the parser's to report, with its own line and position.
        }

        return found;
    }

    // The path of the value about to be read; advances the index of an enclosing array.
    private static string ValuePath(Stack<Scope> scopes)
    {
        if (!scopes.TryPeek(out var parent))
        {
            return "";
        }

        return parent.Names is not null ? Join(parent.Path, parent.Property ?? "") : $"{parent.Path}[{parent.Index++}]";
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private sealed class Scope(string path, Dictionary<string, int>? names)
    {
        public string Path { get; } = path;

        /// <summary>Property names seen so far with their line; null for an array.</summary>
        public Dictionary<string, int>? Names { get; } = names;

        public string? Property { get; set; }

        public int Index { get; set; }
    }

    // Counts newlines incrementally: tokens arrive in order, so the whole walk stays linear in the document's size.
    private sealed class LineCounter
    {
        private long _scanned;
        private int _line = 1;

        public int LineAt(ReadOnlySpan<byte> utf8Json, long index)
        {
            _line += utf8Json[(int)_scanned..(int)index].Count((byte)'\n');
            _scanned = index;
            return _line;
        }
    }
}
