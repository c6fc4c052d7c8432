using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Strangler.Auth;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>
/// The gateway's admin token, the one secret behind both the admin API and the dashboard sign-in, read from
/// configuration on each use so that a rotated token takes effect on both at once, without a restart: before, the
/// admin API kept the token it started with, so a leaked token rotated out of configuration still worked there.
/// A value that would be refused at start (shorter than 16 characters, not printable ASCII) is refused here too: every
/// token then fails, and an error names the key, rather than a three-letter token being accepted until a restart.
/// </summary>
internal sealed class AdminTokenSource(IConfiguration configuration, ILogger<AdminTokenSource> logger)
{
    public const string Key = GatewayOptions.SectionName + ":" + nameof(GatewayOptions.AdminToken);

    private volatile Snapshot? _last;

    /// <summary>Whether a token is configured at all; without one the admin API and the sign-in are off (404).</summary>
    public bool Configured => Read().Raw is { Length: > 0 };

    /// <summary>The configured token when it is valid; null when none is configured or the current value is refused.</summary>
    public string? Current => Read().Token;

    /// <summary>The check of a presented token; it matches nothing while <see cref="Current"/> is null.</summary>
    public BearerToken Bearer => Read().Bearer;

    private Snapshot Read()
    {
        var raw = configuration[Key];
        var last = _last;
        if (last is not null && string.Equals(last.Raw, raw, StringComparison.Ordinal))
        {
            return last;
        }

        var problems = raw is { Length: > 0 } ? GatewayOptionsValidator.AdminTokenProblems(raw) : [];
        if (problems.Count > 0)
        {
            GatewayLog.AdminTokenRefused(logger, string.Join(" ", problems));
        }

        var token = raw is { Length: > 0 } && problems.Count == 0 ? raw : null;
        var snapshot = new Snapshot(raw, token, new BearerToken(token));
        _last = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(string? Raw, string? Token, BearerToken Bearer);
}
