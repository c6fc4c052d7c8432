namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>What the page learns about its session: the CSRF token to echo and when the session ends.</summary>
internal sealed record SessionInfo(string CsrfToken, DateTimeOffset ExpiresAt);
