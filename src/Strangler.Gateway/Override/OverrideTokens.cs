using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Override;

/// <summary>
/// Tester-override tokens: <c>v1.&lt;subdomain&gt;.&lt;expiry unix seconds&gt;.&lt;HMAC-SHA256 base64url&gt;</c>.
/// A request carrying a valid, unexpired token for a sub-domain goes to its new side; anything else is ignored.
/// </summary>
internal sealed class OverrideTokens
{
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public OverrideTokens(IOptions<GatewayOptions> options, TimeProvider time)
    {
        _time = time;
        var configured = options.Value.OverrideSigningKey;
        // Without a shared key, tokens work only on this replica; fine for one gateway, documented for many.
        _key = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(configured);
    }

    public string Issue(string subdomain, DateTimeOffset expiresAt)
    {
        var payload = $"v1.{subdomain}.{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return payload + "." + WebEncoders.Base64UrlEncode(Sign(payload));
    }

    /// <summary>True only for a well-formed token for <paramref name="subdomain"/>, signed with our key, not expired.</summary>
    public bool IsValidFor(string? token, string subdomain)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return false;
        }

        var lastDot = token.LastIndexOf('.');
        if (lastDot <= 0)
        {
            return false;
        }

        var payload = token[..lastDot];
        var parts = payload.Split('.');
        if (parts.Length != 3 || parts[0] != "v1" || parts[1] != subdomain
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }

        byte[] signature;
        try
        {
            signature = WebEncoders.Base64UrlDecode(token, lastDot + 1, token.Length - lastDot - 1);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(signature, Sign(payload))
            && _time.GetUtcNow().ToUnixTimeSeconds() < expiry;
    }

    private byte[] Sign(string payload) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload));
}
