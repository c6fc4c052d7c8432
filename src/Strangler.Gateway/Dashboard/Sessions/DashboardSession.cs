namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>A signed-in browser: its cookie id, its CSRF synchronizer token and when it stops being valid.</summary>
internal sealed record DashboardSession(string Id, string CsrfToken, DateTimeOffset ExpiresAt);
