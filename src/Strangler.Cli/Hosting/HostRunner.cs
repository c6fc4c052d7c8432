using System.CommandLine;
using Strangler.Cli.Errors;

namespace Strangler.Cli.Hosting;

/// <summary>
/// Runs a server command's host until Ctrl+C. An argument that is neither the command's own nor a setting ends it
/// before the host is built, as a usage mistake; a configuration mistake ends it as one line naming the key; both exit 2.
/// </summary>
internal static class HostRunner
{
    /// <param name="parseResult">The command's; its unmatched arguments are the host's settings.</param>
    /// <param name="example">A setting of this host, shown when an argument is refused.</param>
    /// <param name="build">Builds the host; called only once every argument is known to be a setting.</param>
    /// <param name="cancellationToken">Stops the host.</param>
    public static async Task<int> RunAsync(ParseResult parseResult, string example, Func<WebApplication> build, CancellationToken cancellationToken)
    {
        if (SettingArguments.Unrecognized(parseResult, example, HostArguments.TopLevelKeys) is { } unrecognized)
        {
            return await UsageErrors.WriteAsync(parseResult, unrecognized);
        }

        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            await using var app = build();
            HostPreflight.Check(app);
            await app.RunAsync(cancellationToken);
            return 0;
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } text)
        {
            await error.WriteLineAsync($"error: {text}");
            return ConfigurationErrors.ExitCode;
        }
        catch (HostPreflightException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ConfigurationErrors.ExitCode;
        }
    }
}
