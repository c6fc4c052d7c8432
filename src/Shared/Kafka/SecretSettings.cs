namespace Strangler.Kafka;

/// <summary>
/// Keeps the secret values of a Kafka client's librdkafka settings (<c>sasl.password</c>, <c>ssl.key.password</c>,
/// <c>sasl.oauthbearer.client.secret</c> …) out of the error texts the status shows and the client's log lines
/// (<see cref="KafkaClientLog"/>). librdkafka's own errors do not quote them today, and its configuration dump prints
/// them as <c>[redacted]</c>; this holds should one ever echo a setting back.
/// </summary>
internal sealed class SecretSettings(IEnumerable<KeyValuePair<string, string>> settings)
{
    // librdkafka's sensitive properties (_RK_SENSITIVE in rdkafka_conf.c, 2.x) that hold a secret value: the
    // passwords, sasl.oauthbearer.client.secret and .config, the private keys and their passphrases.
    private static readonly string[] SecretWords =
        ["password", "secret", "passphrase", "sasl.oauthbearer.config", "ssl.key.pem", "ssl_key", "private.key.pem"];

    private readonly string[] _values = [.. settings
        .Where(s => SecretWords.Any(w => s.Key.Contains(w, StringComparison.OrdinalIgnoreCase)) && s.Value.Length > 0)
        .Select(s => s.Value)
        .Distinct(StringComparer.Ordinal)
        .OrderByDescending(v => v.Length)];

    /// <summary><paramref name="text"/> with every secret value replaced by <c>[redacted]</c>.</summary>
    public string Redact(string text) =>
        _values.Aggregate(text, (current, secret) => current.Replace(secret, "[redacted]", StringComparison.Ordinal));
}
