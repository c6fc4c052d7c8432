using Microsoft.Extensions.Options;
using Strangler.Cli.Errors;

namespace Strangler.Cli.Hosting;

/// <summary>
/// Checks a built host's settings before it starts. A host that fails while starting has already logged the
/// exception with its stack trace; checked here, a mistake is reported as one line by the command instead.
/// </summary>
internal static class HostPreflight
{
    /// <summary>Throws <see cref="OptionsValidationException"/> (a setting nothing reads, or one its options refuse) or <see cref="HostPreflightException"/> naming what is wrong.</summary>
    public static void Check(WebApplication app)
    {
        // A misspelt key first: the check it defeats (a required key "missing") would otherwise be all that is said.
        UnknownSettings.Check(app.Configuration);
        // Every options type registered with ValidateOnStart, validated now rather than inside StartAsync.
        app.Services.GetService<IStartupValidator>()?.Validate();
        // A blank urls (an empty ASPNETCORE_URLS) leaves Kestrel on its defaults, as it always did.
        if (app.Configuration["urls"] is { } urls && !string.IsNullOrWhiteSpace(urls) && ListenUrls.Problem(urls) is { } problem)
        {
            throw new HostPreflightException(problem);
        }

        if (app.Configuration["urls"] is { } listen && HttpsCertificate.Problem(app.Configuration, listen) is { } missing)
        {
            throw new HostPreflightException(missing);
        }
    }
}
