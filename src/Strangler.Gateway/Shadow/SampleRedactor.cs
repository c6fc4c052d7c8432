using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Makes what the shadow feature stores safe to show: credentials headers, the plan's configured headers and body
/// fields, and any header, JSON field, query or form parameter whose name looks secret (<see cref="SecretNames"/>)
/// replaced by <c>[redacted]</c>, before anything is kept in memory or served. Query strings inside answers (a signed
/// download link in a JSON field, a <c>Location</c> header, an HTML <c>href</c>) have their signatures redacted too.
/// </summary>
internal static class SampleRedactor
{
    public const string Redacted = "[redacted]";

    private const string JsonAmpersand = "\\u0026";

    // Where a query string inside text ends: a space, a quote or angle bracket around a link, its fragment.
    private static readonly SearchValues<char> QueryEnds = SearchValues.Create(" \t\r\n\"'<>#`");

    public static Dictionary<string, string> Headers(ShadowPlan plan, IEnumerable<KeyValuePair<string, string>> headers, SecretValues secrets)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            result[name] = IsSecretHeader(plan, name) ? Redacted : Queries(secrets.Scrub(value));
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
            text = Queries(Parameters(Encoding.UTF8.GetString(body.Span)));
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
            : d with { Legacy = QueriesOrNull(secrets.ScrubOrNull(d.Legacy)), New = QueriesOrNull(secrets.ScrubOrNull(d.New)) }).ToArray();

    public static bool IsSecretHeader(ShadowPlan plan, string name) => plan.RedactHeaders.Contains(name) || SecretNames.Looks(name);

    // A JSON Pointer under a secret-looking field (its whole subtree is redacted in the bodies), or a compared header.
    private static bool IsSecretPath(ShadowPlan plan, string path) =>
        path.StartsWith("header:", StringComparison.Ordinal)
            ? IsSecretHeader(plan, path["header:".Length..])
            : plan.RedactFields.Any(p => p.CoversPointer(path)) || path.Split('/').Any(SecretNames.Looks);

    /// <summary>
    /// <c>name=value&amp;...</c> with the values of secret-looking names redacted; any other text comes back unchanged
    /// (the same instance). The separator may also be HTML's <c>&amp;amp;</c> (an <c>href</c>) or JSON's <c>\u0026</c>
    /// (a compared value is the upstream's raw JSON text, and System.Text.Json writes <c>&amp;</c> so).
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
            var part = parts[i].Contains(JsonAmpersand, StringComparison.Ordinal)
                ? string.Join(JsonAmpersand, parts[i].Split(JsonAmpersand).Select(Parameter))
                : Parameter(parts[i]);
            changed |= part != parts[i];
            parts[i] = part;
        }

        return changed ? string.Join('&', parts) : text;
    }

    private static string Parameter(string parameter)
    {
        var equals = parameter.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return parameter;
        }

        var name = parameter[..equals];
        name = name.StartsWith("amp;", StringComparison.Ordinal) ? name["amp;".Length..] : name;
        return SecretNames.LooksInQuery(Uri.UnescapeDataString(name)) ? parameter[..(equals + 1)] + Redacted : parameter;
    }

    /// <summary>
    /// <paramref name="text"/> with the secret-looking parameters of every query string in it redacted: each run after
    /// a <c>?</c> up to a space, quote, angle bracket or <c>#</c>, so that relative links (<c>/files/1?sig=</c>) are
    /// covered as well as absolute ones. Text without a <c>?</c> costs one vectorized search and is returned as is.
    /// </summary>
    private static string Queries(string text)
    {
        var question = text.IndexOf('?', StringComparison.Ordinal);
        StringBuilder? result = null;
        var copied = 0;
        while (question >= 0)
        {
            var length = text.AsSpan(question + 1).IndexOfAny(QueryEnds);
            var end = length < 0 ? text.Length : question + 1 + length;
            var query = text[(question + 1)..end];
            var redacted = Parameters(query);
            if (!ReferenceEquals(redacted, query))
            {
                result ??= new StringBuilder(text.Length);
                result.Append(text, copied, question + 1 - copied).Append(redacted);
                copied = end;
            }

            question = end < text.Length ? text.IndexOf('?', end) : -1;
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    private static string? QueriesOrNull(string? text) => text is null ? null : Queries(text);

    // A JSON string holding a query string (a signed link), with its secrets redacted; null when it needs no change.
    private static JsonNode? RedactedString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && Queries(text) is var redacted && !ReferenceEquals(redacted, text)
            ? JsonValue.Create(redacted)
            : null;

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
                    else if (RedactedString(obj[name]) is { } redacted)
                    {
                        obj[name] = redacted;
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
                    else if (RedactedString(array[i]) is { } redacted)
                    {
                        array[i] = redacted;
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
