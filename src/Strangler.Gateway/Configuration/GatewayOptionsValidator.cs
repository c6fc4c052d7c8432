using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Configuration;

/// <summary>Fails start-up with messages that name the configuration key at fault.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private const string Prefix = GatewayOptions.SectionName + ":";
    private static readonly TimeSpan MinStallThreshold = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxStallThreshold = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RoutesDirectory))
        {
            failures.Add($"{Prefix}RoutesDirectory is required: the directory holding one <subdomain>.json per sub-domain.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultUpstream))
        {
            // A first run usually leaves it out: say so and how to set it, not that an empty value is malformed.
            failures.Add($"{Prefix}DefaultUpstream must be an absolute http(s) URL (the legacy monolith, where paths no route file claims go): it is not set; " +
                $"pass --{Prefix}DefaultUpstream=http://legacy.internal:8080 or set Strangler__Gateway__DefaultUpstream.");
        }
        else if (UpstreamUrls.Problem(options.DefaultUpstream) is { } upstream)
        {
            failures.Add($"{Prefix}DefaultUpstream must be an absolute http(s) URL (the legacy monolith): the value {upstream}.");
        }

        if (string.IsNullOrWhiteSpace(options.OverrideHeader))
        {
            failures.Add($"{Prefix}OverrideHeader must not be empty.");
        }

        if (!string.IsNullOrEmpty(options.OverrideSigningKey) && options.OverrideSigningKey.Length < 32)
        {
            failures.Add($"{Prefix}OverrideSigningKey must be at least 32 characters.");
        }

        if (options.AdminToken is { Length: > 0 } adminToken)
        {
            failures.AddRange(AdminTokenProblems(adminToken));
        }

        if (options.AuthFailureLimit < 1)
        {
            failures.Add($"{Prefix}AuthFailureLimit must be at least 1, found {options.AuthFailureLimit}.");
        }

        if (options.AuthFailureWindow < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{Prefix}AuthFailureWindow must be at least 1 second, found '{options.AuthFailureWindow}'.");
        }

        foreach (var header in options.StrippedRequestHeaders.Where(h => !h.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            failures.Add($"{Prefix}StripRequestHeaders: '{header}' is not a header name (letters, digits, '-', '_'; names separated by commas).");
        }

        if (options.ClientCookieName.Length > 0 && !IsCookieName(options.ClientCookieName))
        {
            failures.Add($"{Prefix}ClientCookieName '{options.ClientCookieName}' is not a valid cookie name (letters, digits, '-', '_', '.').");
        }

        if (options.ClientCookieMaxAge <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}ClientCookieMaxAge must be positive.");
        }

        if (options.Breaker.FailureThreshold < 1)
        {
            failures.Add($"{Prefix}Breaker:FailureThreshold must be at least 1.");
        }

        if (options.Breaker.OpenDuration <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}Breaker:OpenDuration must be positive.");
        }

        if (options.UpstreamTimeout <= TimeSpan.Zero || options.ReloadDebounce < TimeSpan.Zero || options.OverrideMaxLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}UpstreamTimeout and OverrideMaxLifetime must be positive, ReloadDebounce not negative.");
        }

        if (options.DirectoryPollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Prefix}DirectoryPollInterval must be positive.");
        }

        // Below a few of the watchdog's 100 ms ticks, ordinary scheduling delays would read as stalls.
        if (options.StallThreshold < MinStallThreshold || options.StallThreshold > MaxStallThreshold)
        {
            failures.Add($"{Prefix}StallThreshold is {options.StallThreshold}; it must be between {MinStallThreshold} and {MaxStallThreshold}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>What is wrong with a configured admin token (at start, and when configuration changes); never the token.</summary>
    public static IReadOnlyList<string> AdminTokenProblems(string token)
    {
        var problems = new List<string>();
        if (token.Length < 16)
        {
            problems.Add($"{Prefix}AdminToken must be at least 16 characters.");
        }

        if (token.Any(c => c is < ' ' or > '~'))
        {
            // The token travels in an Authorization header; a line break pasted with it could never be sent.
            problems.Add($"{Prefix}AdminToken must be printable ASCII (no line breaks or control characters); the token is not shown.");
        }
        else if (token != token.Trim())
        {
            // A bearer header's value is trimmed before it is compared, so such a token could never be presented.
            problems.Add($"{Prefix}AdminToken must not start or end with a space; the token is not shown.");
        }

        return problems;
    }

    // Stricter than RFC 6265's token: what a person would name a cookie, and nothing a browser might mangle.
    private static bool IsCookieName(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
