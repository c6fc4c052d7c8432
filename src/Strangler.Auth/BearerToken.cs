using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Strangler.Auth;

/// <summary>
/// A configured secret checked against <c>Authorization: Bearer &lt;token&gt;</c>. Both sides are hashed before a
/// fixed-time comparison, so neither the time taken nor the token's length says anything about a guess; only the hash
/// is kept.
/// </summary>
internal sealed class BearerToken(string? token)
{
    private const string Scheme = "Bearer ";

    private readonly byte[]? _expected = string.IsNullOrEmpty(token) ? null : Hash(token);

    /// <summary>Whether a token is configured at all (without one, the caller serves nothing).</summary>
    public bool Configured => _expected is not null;

    /// <summary>Whether <paramref name="request"/> presents the configured token; never true when none is configured.</summary>
    public bool Matches(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return Matches(header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : "");
    }

    /// <summary>Whether <paramref name="presented"/> (a token sent some other way, e.g. a sign-in form) is the configured one.</summary>
    public bool Matches(string presented) =>
        _expected is not null && presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Hash(presented), _expected);

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
