namespace Strangler.Gateway.Shadow;

/// <summary>
/// Names that mark a secret whatever a route's <c>redactHeaders</c> and <c>redactFields</c> say: a header, JSON field,
/// query or form parameter whose name contains one of <see cref="Words"/> (case-insensitive) is redacted in samples.
/// The same words as the sync worker's secret columns, plus the spellings headers use.
/// </summary>
internal static class SecretNames
{
    public static readonly IReadOnlyList<string> Words =
        ["password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "credential", "private_key", "privatekey", "cookie", "authorization"];

    public static bool Looks(string name) => Words.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));
}
