using System.CommandLine;
using Strangler.Cli.Errors;

namespace Strangler.Cli.Hosting;

/// <summary>Runs a server command's host until Ctrl+C; a configuration mistake ends it as one line naming the key, exit 2.</summary>
internal static class HostRunner
{
    public static async Task<int> RunAsync(ParseResult parseResult, Func<WebApplication> build, CancellationToken cancellationToken)
    {
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
