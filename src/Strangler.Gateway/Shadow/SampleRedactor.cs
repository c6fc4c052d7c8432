using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strangler.Gateway.Admin;

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

    private static readonly JsonSerializerOptions Readable = new() { Encoder = AdminJson.ReadableEncoder };

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

    /// <summary>The body as text for a sample: redacted when it is JSON (with or without a byte-order mark), a form or a
    /// multipart form, scrubbed of secret-named values otherwise (<see cref="SecretText"/>), the request's secrets
    /// scrubbed, then trimmed to <paramref name="maxChars"/> (after scrubbing, so no part of a secret survives a cut).</summary>
    public static (string Text, bool Truncated) Body(ShadowPlan plan, ReadOnlyMemory<byte> body, string? contentType, bool wasTruncated,
        int maxChars, SecretValues secrets)
    {
        body = body.Span.StartsWith(Encoding.UTF8.Preamble) ? body[Encoding.UTF8.Preamble.Length..] : body;
        string text;
        if (!wasTruncated && TryParse(body) is { } node)
        {
            text = Json(plan, node, [], secrets);
        }
        else if (LooksLikeJson(body))
        {
            // A JSON body that could not be read whole cannot be redacted field by field (and secret-looking fields
            // always are): keep none of it.
            text = $"({body.Length} bytes kept of a larger JSON body, not shown: its fields cannot be redacted in a partial document)";
        }
        else if (MultipartSummary.Boundary(contentType) is { } boundary)
        {
            text = SecretText.Scrub(MultipartSummary.Describe(body.Span, boundary)
                ?? $"({body.Length} bytes of multipart/form-data, not shown: its parts could not be read whole)");
        }
        else
        {
            // A form body (a sign-in POST, when unsafe methods are shadowed) has its secret-looking parameters redacted.
            text = SecretText.Scrub(Queries(Parameters(Encoding.UTF8.GetString(body.Span))));
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

    /// <summary>
    /// A JSON value as text: secret-looking fields and the plan's <c>redactFields</c> (matched with
    /// <paramref name="path"/>, the segments above the value, in front) redacted with everything under them, and signed
    /// links and the client's secrets scrubbed from each string and field name before the value is written, since
    /// writing escapes characters a credential may hold (a quote, a backslash) and the escaped text no longer matches
    /// what the client sent. Written with the admin API's readable encoder (<see cref="AdminJson.ReadableEncoder"/>):
    /// the default one wrote <c>Müller</c> as <c>M\u00FCller</c> and <c>+</c> as <c>\u002B</c>, which whoever reads the
    /// report with curl or <c>strangler diff report</c> saw as such; the dashboard shows a body only as text.
    /// </summary>
    public static string Json(ShadowPlan plan, JsonNode? node, List<string> path, SecretValues secrets) =>
        secrets.Scrub(Redact(plan, node, path, secrets)?.ToJsonString(Readable) ?? "null");

    public static bool IsSecretHeader(ShadowPlan plan, string name) => plan.RedactHeaders.Contains(name) || SecretNames.Looks(name);

    /// <summary>
    /// <c>name=value&amp;...</c> with the values of secret-looking names redacted; any other text comes back unchanged
    /// (the same instance). The separator may also be HTML's <c>&amp;amp;</c> (an <c>href</c>) or JSON's <c>\u0026</c>
    /// (JSON text inside a body that is not JSON itself, a script in a page; System.Text.Json writes <c>&amp;</c> so).
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
    public static string Queries(string text)
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

    // Returns what to keep in the node's place: the same node (changed inside) or a scrubbed string.
    private static JsonNode? Redact(ShadowPlan plan, JsonNode? node, List<string> path, SecretValues secrets)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToArray())
                {
                    path.Add(name);
                    var value = SecretNames.Looks(name) || plan.RedactFields.Any(p => p.Matches(path)) ? Redacted : Redact(plan, child, path, secrets);
                    path.RemoveAt(path.Count - 1);
                    // A map keyed by the client's token would show it as a field name.
                    var key = secrets.Scrub(name);
                    if (key != name)
                    {
                        obj.Remove(name);
                        obj[key] = value;
                    }
                    else if (!ReferenceEquals(value, child))
                    {
                        obj[name] = value;
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    path.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    var child = array[i];
                    var value = plan.RedactFields.Any(p => p.Matches(path)) ? Redacted : Redact(plan, child, path, secrets);
                    path.RemoveAt(path.Count - 1);
                    if (!ReferenceEquals(value, child))
                    {
                        array[i] = value;
                    }
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text):
                // A signed link in it loses its signature, an echoed credential its value.
                var scrubbed = secrets.Scrub(Queries(text));
                return scrubbed == text ? value : JsonValue.Create(scrubbed);
            default:
                return node;
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
