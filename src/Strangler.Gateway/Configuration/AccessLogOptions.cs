namespace Strangler.Gateway.Configuration;

/// <summary>The access log (<c>Strangler:Gateway:AccessLog</c>): one structured line per proxied request, off by default.</summary>
public sealed record AccessLogOptions
{
    /// <summary>
    /// Writes one Information line per proxied request in the <c>Strangler.Gateway.AccessLog</c> category: method,
    /// path (without its query string), status, side, route and milliseconds. Headers, cookies and query strings are
    /// never written, so tokens they carry stay out of the log. Off by default: a production gateway logs only what
    /// goes wrong.
    /// </summary>
    public bool Enabled { get; init; }
}
