using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

/// <summary>
/// Every message that a real connector produced, kept verbatim under Fixtures/Debezium/Captured (provenance in its
/// README), decodes to the change checked in beside it as <c>*.expected.json</c>. A message the decoder cannot read is a
/// decoder bug, not a fixture to drop; the only exception is a message that carries too little to apply (a delete
/// without its row), whose expected entry is <c>{"rejected": "&lt;path&gt;"}</c>: it must fail naming that field.
/// </summary>
public sealed class CapturedMessageTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Debezium", "Captured");

    public static TheoryData<string> Fixtures() => new(MessageFiles());

    private static IEnumerable<string> MessageFiles() =>
        Directory.EnumerateFiles(Root, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".ndjson", StringComparison.Ordinal))
                        && !f.EndsWith(".expected.json", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Captured_message_decodes_to_its_expected_change(string fixture)
    {
        var path = Path.Combine(Root, fixture);
        var expected = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(path, null) + ".expected.json"))!;
        var topic = expected["topic"]!.GetValue<string>();
        var expectedChanges = expected["changes"]!.AsArray();
        var messages = Messages(path);
        Assert.Equal(expectedChanges.Count, messages.Count);

        for (var i = 0; i < messages.Count; i++)
        {
            if (expectedChanges[i]!["rejected"] is { } rejectedAt)
            {
                // A message that no decoder can apply: it must fail naming the field, to be dead-lettered with that reason.
                var error = Assert.Throws<DebeziumFormatException>(() => DebeziumDecoder.Decode(topic, null, messages[i], keyRequired: false));
                Assert.Equal(rejectedAt.GetValue<string>(), error.Path);
                continue;
            }

            var change = DebeziumDecoder.Decode(topic, null, messages[i], keyRequired: false);
            var actual = JsonNode.Parse(ChangeEventJson.Format(change, keyGiven: false))!;
            var difference = Difference(expectedChanges[i], actual, $"changes[{i}]");
            Assert.True(difference is null, $"{fixture}: {difference}");
        }
    }

    [Fact]
    public void The_corpus_covers_every_connector_and_at_least_thirty_messages()
    {
        var messages = MessageFiles().Sum(file => Messages(Path.Combine(Root, file)).Count);
        Assert.True(messages >= 30, $"{messages} captured messages");
        Assert.All(["mysql", "postgresql", "sqlserver", "oracle", "db2"], connector => Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(Root, connector), "*.expected.json")));
    }

    /// <summary>A .ndjson file is one message a line (blank lines skipped); any other file is one message.</summary>
    private static List<byte[]> Messages(string path) => path.EndsWith(".ndjson", StringComparison.Ordinal)
        ? File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(Encoding.UTF8.GetBytes).ToList()
        : [File.ReadAllBytes(path)];

    /// <summary>Where two JSON trees differ (numbers compared by value, so 1.0 equals 1), or null when they do not.</summary>
    private static string? Difference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var name in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(name) || !a.ContainsKey(name))
                    {
                        return $"{path}.{name}: expected {(e.ContainsKey(name) ? "present" : "absent")} but was {(a.ContainsKey(name) ? "present" : "absent")}";
                    }

                    if (Difference(e[name], a[name], $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    return $"{path}: expected {e.Count} items but found {a.Count}";
                }

                return e.Select((item, i) => Difference(item, a[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            case (JsonValue e, JsonValue a):
                var same = e.GetValueKind() == System.Text.Json.JsonValueKind.Number && a.GetValueKind() == System.Text.Json.JsonValueKind.Number
                    ? NumbersEqual(e.ToJsonString(), a.ToJsonString())
                    : e.ToJsonString() == a.ToJsonString();
                return same ? null : $"{path}: expected {e.ToJsonString()} but found {a.ToJsonString()}";
            default:
                return $"{path}: expected {expected?.ToJsonString() ?? "null"} but found {actual?.ToJsonString() ?? "null"}";
        }
    }

    private static bool NumbersEqual(string expected, string actual) =>
        decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
        && decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            ? e == a
            : double.Parse(expected, CultureInfo.InvariantCulture) == double.Parse(actual, CultureInfo.InvariantCulture);
}
