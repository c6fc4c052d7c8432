using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Makes what the shadow feature stores safe to show: credentials headers, the plan's configured headers and body
/// fields, and any header, JSON field, query or form parameter whose name looks secret (<see cref="SecretNames"/>)
/// replaced by <c>[redacted]</c>, before anything is kept in memory or served.
/// </summary>
internal static class SampleRedactor
{
    public const string Redacted = "[redacted]";

    public static Dictionary<string, string> Headers(ShadowPlan plan, IEnumerable<KeyValuePair<string, string>> headers, SecretValues secrets)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            result[name] = IsSecretHeader(plan, name) ? Redacted : secrets.Scrub(value);
        }

        return result;
    }

    /// <summary>The body as text for a sample: redacted when it is JSON, the request's secrets scrubbed, then trimmed
    /// to <paramref name="maxChars"/> (after scrubbing, so no part of a secret survives a cut).</summary>
    public static (string Text, bool Truncated) Body(ShadowPlan plan, ReadOnlyMemory<byte> body, bool wasTruncated, int maxChars,
        SecretValues secrets)
    {
        string text;
        if (!wasTruncated && TryParse(body) is { } node)
        {
            Redact(plan, node, []);
            text = node.ToJsonString();
        }
        else if (LooksLikeJson(body))
        {
            // A JSON body that could not be read whole cannot be redacted field by field (and secret-looking fields
            // always are): keep none of it.
            text = $"({body.Length} bytes kept of a larger JSON body, not shown: its fields cannot be redacted in a partial document)";
        }
        else
        {
            // A form body (a sign-in POST, when unsafe methods are shadowed) has its secret-looking parameters redacted.
            text = Parameters(Encoding.UTF8.GetString(body.Span));
        }

        text = secrets.Scrub(text);
        return text.Length <= maxChars ? (text, wasTruncated) : (text[..maxChars], true);
    }

    /// <summary>A request's path and query with the values of secret-looking query parameters (<c>?access_token=</c>) redacted.</summary>
    public static string PathAndQuery(string pathAndQuery)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? pathAndQuery : pathAndQuery[..(question + 1)] + Parameters(pathAndQuery[(question + 1)..]);
    }

    public static IReadOnlyList<Difference> Differences(ShadowPlan plan, IReadOnlyList<Difference> differences, SecretValues secrets) =>
        differences.Select(d => IsSecretPath(plan, d.Path)
            ? d with { Legacy = d.Legacy is null ? null : Redacted, New = d.New is null ? null : Redacted }
            : d with { Legacy = secrets.ScrubOrNull(d.Legacy), New = secrets.ScrubOrNull(d.New) }).ToArray();

    public static bool IsSecretHeader(ShadowPlan plan, string name) => plan.RedactHeaders.Contains(name) || SecretNames.Looks(name);

    // A JSON Pointer under a secret-looking field (its whole subtree is redacted in the bodies), or a compared header.
    private static bool IsSecretPath(ShadowPlan plan, string path) =>
        path.StartsWith("header:", StringComparison.Ordinal)
            ? IsSecretHeader(plan, path["header:".Length..])
            : plan.RedactFields.Any(p => p.CoversPointer(path)) || path.Split('/').Any(SecretNames.Looks);

    /// <summary>
    /// <c>name=value&amp;...</c> with the values of secret-looking names redacted; any other text comes back unchanged.
    /// </summary>
    private static string Parameters(string text)
    {
        if (!text.Contains('=', StringComparison.Ordinal))
        {
            return text;
        }

        var parts = text.Split('&');
        var changed = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && SecretNames.Looks(Uri.UnescapeDataString(parts[i][..equals])))
            {
                parts[i] = parts[i][..(equals + 1)] + Redacted;
                changed = true;
            }
        }

        return changed ? string.Join('&', parts) : text;
    }

    private static void Redact(ShadowPlan plan, JsonNode? node, List<string> path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToArray())
                {
                    path.Add(name);
                    if (SecretNames.Looks(name) || plan.RedactFields.Any(p => p.Matches(path)))
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
