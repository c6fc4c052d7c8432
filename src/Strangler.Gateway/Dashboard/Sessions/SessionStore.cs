using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>
/// Dashboard sessions as tickets in the cookie, encrypted and signed with the dashboard key ring
/// (<see cref="DashboardKeyRing"/>): any gateway holding the same keys accepts them, so a session survives a restart
/// and works behind a load balancer. A ticket carries its expiry, its CSRF token and a stamp of the admin token it was
/// signed in with, so rotating the admin token ends every session. Signing out removes the cookie and is remembered
/// by this gateway until the ticket would have expired.
/// </summary>
internal sealed class SessionStore(IOptions<DashboardOptions> options, TimeProvider time, ISecretSource secrets,
    DashboardKeyRing keys, AdminTokenSource tokens)
{
    private const string Version = "v1";
    private readonly IDataProtector _protector = keys.Provider.CreateProtector("Strangler.Dashboard.Session.v1");
    private readonly ConcurrentDictionary<string, DateTimeOffset> _signedOut = new(StringComparer.Ordinal);

    /// <summary>A new session for someone who has just presented <paramref name="adminToken"/>.</summary>
    public DashboardSession Create(string adminToken)
    {
        var expiresAt = time.GetUtcNow() + options.Value.SessionLifetime;
        var csrf = secrets.NewToken();
        var ticket = string.Join('|', Version, expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), csrf, Stamp(adminToken));
        var id = WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(ticket)));
        return new DashboardSession(id, csrf, DateTimeOffset.FromUnixTimeMilliseconds(expiresAt.ToUnixTimeMilliseconds()));
    }

    /// <summary>The live session a cookie carries; null when it is missing, forged, expired, signed out or from an older admin token.</summary>
    public DashboardSession? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 4096 || tokens.Current is not { } adminToken)
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(id))).Split('|');
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            // Tampered, from keys this gateway does not have, or not a ticket at all.
            return null;
        }

        if (parts.Length != 4 || parts[0] != Version
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresMs)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[3]), Encoding.ASCII.GetBytes(Stamp(adminToken))))
        {
            return null;
        }

        var session = new DashboardSession(id, parts[2], DateTimeOffset.FromUnixTimeMilliseconds(expiresMs));
        return session.ExpiresAt <= time.GetUtcNow() || _signedOut.ContainsKey(session.CsrfToken) ? null : session;
    }

    /// <summary>Ends <paramref name="session"/> on this gateway (the cookie is removed from the browser too).</summary>
    public void Remove(DashboardSession session)
    {
        var now = time.GetUtcNow();
        foreach (var (csrf, expiresAt) in _signedOut)
        {
            if (expiresAt <= now)
            {
                _signedOut.TryRemove(csrf, out _);
            }
        }

        if (_signedOut.Count >= options.Value.MaxSessions && _signedOut.MinBy(p => p.Value) is { Key: not null } oldest)
        {
            // Bounded memory: the sign-out closest to its expiry is forgotten first.
            _signedOut.TryRemove(oldest.Key, out _);
        }

        _signedOut[session.CsrfToken] = session.ExpiresAt;
    }

    // Not the token: a short keyed digest of it, inside the encrypted ticket, so a rotated token no longer matches.
    private static string Stamp(string adminToken) =>
        Convert.ToHexString(HMACSHA256.HashData("strangler-dashboard-session"u8, Encoding.UTF8.GetBytes(adminToken)), 0, 8);
}
