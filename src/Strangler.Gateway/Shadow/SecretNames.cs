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

    /// <summary>
    /// Query and form parameters that are secret though no word of <see cref="Words"/> is in their name, matched whole
    /// (case-insensitive): an Azure SAS signature (<c>sig</c>) and an OAuth authorization code (<c>code</c>, in the
    /// redirect's <c>Location</c>). Any name containing <c>signature</c> is secret too: AWS SigV4's
    /// <c>X-Amz-Signature</c>, Google Cloud Storage's <c>X-Goog-Signature</c>, the older and CloudFront
    /// <c>Signature</c>. (<c>X-Amz-Security-Token</c>, <c>X-Amz-Credential</c> and <c>X-Goog-Credential</c> already
    /// are by <see cref="Words"/>.) Kept out of <see cref="Words"/> because a JSON field named <c>code</c> is rarely one.
    /// </summary>
    public static readonly IReadOnlyList<string> QueryParameters = ["sig", "code"];

    public static bool Looks(string name) => Words.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a query or form parameter's value is secret: <see cref="Looks"/>, or a signed URL's signature
    /// or a one-time code (<see cref="QueryParameters"/>).</summary>
    public static bool LooksInQuery(string name) =>
        Looks(name)
        || name.Contains("signature", StringComparison.OrdinalIgnoreCase)
        || QueryParameters.Contains(name, StringComparer.OrdinalIgnoreCase);
}
