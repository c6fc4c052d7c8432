namespace Strangler.Sync.Consuming;

/// <summary>
/// Keeps the secret values of a pipeline's librdkafka settings (<c>sasl.password</c>, <c>ssl.key.password</c>,
/// <c>sasl.oauthbearer.client.secret</c> …) out of the error texts the status shows. librdkafka's own errors do not
/// quote them today; this holds should one ever echo a setting back.
/// </summary>
internal sealed class SecretSettings(IEnumerable<KeyValuePair<string, string>> settings)
{
    private static readonly string[] SecretWords = ["password", "secret", "sasl.oauthbearer.config", "ssl.key.pem", "ssl_key"];

    private readonly string[] _values = [.. settings
        .Where(s => SecretWords.Any(w => s.Key.Contains(w, StringComparison.OrdinalIgnoreCase)) && s.Value.Length > 0)
        .Select(s => s.Value)
        .Distinct(StringComparer.Ordinal)
        .OrderByDescending(v => v.Length)];

    /// <summary><paramref name="text"/> with every secret value replaced by <c>[redacted]</c>.</summary>
    public string Redact(string text) =>
        _values.Aggregate(text, (current, secret) => current.Replace(secret, "[redacted]", StringComparison.Ordinal));
}
