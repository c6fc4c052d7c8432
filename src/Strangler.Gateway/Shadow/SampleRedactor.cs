using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Makes what the shadow feature stores safe to show: credentials headers and the plan's configured headers and body
/// fields replaced by <c>[redacted]</c>, before anything is kept in memory or served.
/// </summary>
internal static class SampleRedactor
{
    public const string Redacted = "[redacted]";

    public static Dictionary<string, string> Headers(ShadowPlan plan, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            result[name] = plan.RedactHeaders.Contains(name) ? Redacted : value;
        }

        return result;
    }

    /// <summary>The body as text for a sample: redacted when it is JSON, trimmed to <paramref name="maxChars"/>.</summary>
    public static (string Text, bool Truncated) Body(ShadowPlan plan, ReadOnlyMemory<byte> body, bool wasTruncated, int maxChars)
    {
        string text;
        if (!wasTruncated && TryParse(body) is { } node)
        {
            Redact(plan, node, []);
            text = node.ToJsonString();
        }
        else if (plan.RedactFields.Count > 0 && LooksLikeJson(body))
        {
            // A JSON body that could not be read whole cannot be redacted field by field: keep none of it.
            text = $"({body.Length} bytes kept of a larger JSON body, not shown: redactFields cannot be applied to a partial document)";
        }
        else
        {
            text = Encoding.UTF8.GetString(body.Span);
        }

        return text.Length <= maxChars ? (text, wasTruncated) : (text[..maxChars], true);
    }

    public static IReadOnlyList<Difference> Differences(ShadowPlan plan, IReadOnlyList<Difference> differences) =>
        plan.RedactFields.Count == 0
            ? differences
            : differences.Select(d => plan.RedactFields.Any(p => p.CoversPointer(d.Path))
                ? d with { Legacy = d.Legacy is null ? null : Redacted, New = d.New is null ? null : Redacted }
                : d).ToArray();

    private static void Redact(ShadowPlan plan, JsonNode? node, List<string> path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToArray())
                {
                    path.Add(name);
                    if (plan.RedactFields.Any(p => p.Matches(path)))
                    {
                        obj[name] = Redacted;
                    }
                    else
                    {
                        Redact(plan, obj[name], path);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    path.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (plan.RedactFields.Any(p => p.Matches(path)))
                    {
                        array[i] = Redacted;
                    }
                    else
                    {
                        Redact(plan, array[i], path);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                break;
        }
    }

    private static JsonNode? TryParse(ReadOnlyMemory<byte> body)
    {
        if (!LooksLikeJson(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body.Span);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool LooksLikeJson(ReadOnlyMemory<byte> body)
    {
        var span = body.Span.TrimStart(" \t\r\n"u8);
        return !span.IsEmpty && (span[0] == (byte)'{' || span[0] == (byte)'[');
    }
}
