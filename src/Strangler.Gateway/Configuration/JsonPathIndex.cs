using System.Text;
using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// One walk over a JSON document that records, for each value's JSON path as route-file errors name fields
/// (<c>userKey.source</c>, <c>paths[1]</c>), where its property name and its value start, and finds every property
/// written twice in one object. System.Text.Json keeps the last of two properties silently, so
/// <c>"mode": "legacy", "mode": "new"</c> would serve whichever came last; <c>JsonDocumentOptions.AllowDuplicateProperties</c>
/// (.NET 10) refuses them too, but stops at the first and says neither where the first one was nor every other one.
/// <see cref="JsonElement"/> keeps no position, so errors found while reading values are located here afterwards.
/// </summary>
internal sealed class JsonPathIndex
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<JsonDuplicate> _duplicates = [];

    private JsonPathIndex()
    {
    }

    /// <summary>Every property written twice in one object, at any depth.</summary>
    public IReadOnlyList<JsonDuplicate> Duplicates => _duplicates;

    /// <summary>Indexes <paramref name="utf8Json"/>; when it is malformed, only what comes before the error (the parser
    /// reports the error itself, with its own position).</summary>
    public static JsonPathIndex Build(ReadOnlySpan<byte> utf8Json)
    {
        var index = new JsonPathIndex();
        var scopes = new Stack<Scope>();
        var reader = new Utf8JsonReader(utf8Json);
        var positions = new PositionCounter();
        JsonTextPosition? name = null;
        try
        {
            while (reader.Read())
            {
                var at = positions.At(utf8Json, reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    {
                        var scope = scopes.Peek();
                        var property = reader.GetString()!;
                        if (!scope.Names!.TryAdd(property, at.Line))
                        {
                            index._duplicates.Add(new JsonDuplicate(Join(scope.Path, property), scope.Names[property], at.Line, at.Column));
                        }

                        scope.Property = property;
                        name = at;
                        continue;
                    }

                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.Pop();
                        continue;
                }

                var path = ValuePath(scopes);
                // The first of two repeats keeps the path: the repeat is reported as a duplicate, with its own position.
                index._entries.TryAdd(path, new Entry(name, at));
                name = null;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    scopes.Push(new Scope(path, new Dictionary<string, int>(StringComparer.Ordinal)));
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    scopes.Push(new Scope(path, null));
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is the parser's to report.
        }

        return index;
    }

    /// <summary>
    /// Where the value at <paramref name="path"/> starts (its property name instead when <paramref name="atPropertyName"/>);
    /// for a path the document lacks (a required field left out), where the nearest enclosing value starts; null when
    /// the document had nothing indexed.
    /// </summary>
    public JsonTextPosition? Find(string path, bool atPropertyName = false)
    {
        for (var candidate = path; ; candidate = Parent(candidate))
        {
            if (_entries.TryGetValue(candidate, out var entry))
            {
                return candidate == path && atPropertyName && entry.Name is { } name ? name : entry.Value;
            }

            if (candidate.Length == 0)
            {
                return null;
            }
        }
    }

    private static string Parent(string path)
    {
        var end = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return end <= 0 ? "" : path[..end];
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

    private readonly record struct Entry(JsonTextPosition? Name, JsonTextPosition Value);

    private sealed class Scope(string path, Dictionary<string, int>? names)
    {
        public string Path { get; } = path;

        /// <summary>Property names seen so far with their line; null for an array.</summary>
        public Dictionary<string, int>? Names { get; } = names;

        public string? Property { get; set; }

        public int Index { get; set; }
    }

    // Line and column of each token, counted incrementally: tokens arrive in order, so the whole walk stays linear in
    // the document's size even when it is one long line. Columns count characters, as JsonErrorPosition does.
    private sealed class PositionCounter
    {
        private int _scanned;
        private int _line = 1;
        private int _column = 1;

        public JsonTextPosition At(ReadOnlySpan<byte> utf8Json, long index)
        {
            // Tokens start at ASCII bytes, so the span never splits a character.
            var segment = utf8Json[_scanned..(int)index];
            var lastNewline = segment.LastIndexOf((byte)'\n');
            if (lastNewline < 0)
            {
                _column += Encoding.UTF8.GetCharCount(segment);
            }
            else
            {
                _line += segment.Count((byte)'\n');
                _column = 1 + Encoding.UTF8.GetCharCount(segment[(lastNewline + 1)..]);
            }

            _scanned = (int)index;
            return new JsonTextPosition(_line, _column);
        }
    }
}
