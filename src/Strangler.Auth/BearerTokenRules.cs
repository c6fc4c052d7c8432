namespace Strangler.Auth;

/// <summary>
/// What a configured bearer token must be: long enough not to be guessed within the failure limits, and printable
/// ASCII, which is what an <c>Authorization</c> header carries. A problem names the setting, never the token.
/// </summary>
internal static class BearerTokenRules
{
    public const int MinimumLength = 16;

    /// <summary>What is wrong with <paramref name="token"/>, each line starting with <paramref name="key"/>.</summary>
    public static IEnumerable<string> Problems(string key, string token)
    {
        if (token.Length < MinimumLength)
        {
            yield return $"{key}: must be at least {MinimumLength} characters (the token is not shown)";
        }

        if (token.Any(c => c is < ' ' or > '~'))
        {
            yield return $"{key}: must be printable ASCII (no line breaks or control characters; the token is not shown)";
        }
        else if (token != token.Trim())
        {
            // BearerToken trims the header's value before comparing, so such a token could never be presented.
            yield return $"{key}: must not start or end with a space (the token is not shown)";
        }
    }
}
