namespace Strangler.Gateway.Shadow;

/// <summary>
/// The secrets a client sent with a shadowed request: the values of its redacted headers (and a credential after its
/// scheme, <c>Bearer x</c>), each cookie's value, and the values of its secret-looking query parameters. They are
/// scrubbed from everything else a sample keeps, since an answer that echoes its request (a debug endpoint, a
/// <c>self</c> link with the query) would otherwise show them under a field name that looks harmless.
/// </summary>
internal sealed class SecretValues
{
    // Shorter values are left alone: scrubbing "1" or "en" would blank out half a body, and a credential is longer.
    private const int MinLength = 8;

    private readonly string[] _values;

    private SecretValues(IEnumerable<string> values) =>
        // Longest first, so a token is not half-replaced through a shorter value it contains.
        _values = values.Where(v => v.Length >= MinLength).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ToArray();

    public static SecretValues From(ShadowPlan plan, IEnumerable<KeyValuePair<string, string>> headers, string pathAndQuery)
    {
        var values = new List<string>();
        foreach (var (name, value) in headers)
        {
            if (!SampleRedactor.IsSecretHeader(plan, name))
            {
                continue;
            }

            values.Add(value);
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                values.Add(value[(space + 1)..].Trim());
            }

            if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                values.AddRange(value.Split(';').Select(c => c.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? c[(eq + 1)..].Trim() : ""));
            }
        }

        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        foreach (var parameter in question < 0 ? [] : pathAndQuery[(question + 1)..].Split('&'))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && SecretNames.LooksInQuery(Uri.UnescapeDataString(parameter[..equals])))
            {
                values.Add(parameter[(equals + 1)..]);
                values.Add(Uri.UnescapeDataString(parameter[(equals + 1)..]));
            }
        }

        return new SecretValues(values);
    }

    /// <summary><paramref name="text"/> with every secret value in it replaced by <c>[redacted]</c>.</summary>
    public string Scrub(string text)
    {
        foreach (var value in _values)
        {
            text = text.Replace(value, SampleRedactor.Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Null stays null.</summary>
    public string? ScrubOrNull(string? text) => text is null ? null : Scrub(text);
}
