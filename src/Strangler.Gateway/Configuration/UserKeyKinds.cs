namespace Strangler.Gateway.Configuration;

/// <summary>The spellings of <see cref="UserKeyKind"/> in route files, the admin API and the history.</summary>
internal static class UserKeyKinds
{
    /// <summary>What the errors list as accepted.</summary>
    public const string Expected = "\"header\", \"cookie\" or \"claim\"";

    /// <summary>
    /// <c>header</c>, <c>cookie</c> or <c>claim</c>, in any case, as modes are read. Not Enum.TryParse: it also takes
    /// "1" and "cookie,claim", the latter as a kind that does not exist.
    /// </summary>
    public static UserKeyKind? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "header" => UserKeyKind.Header,
        "cookie" => UserKeyKind.Cookie,
        "claim" => UserKeyKind.Claim,
        _ => null,
    };
}
