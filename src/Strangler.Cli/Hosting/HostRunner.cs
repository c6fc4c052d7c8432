using System.CommandLine;
using Microsoft.Extensions.Options;
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
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"error: {CliErrorText.Failures(ex.Failures)}");
            return 2;
        }
        catch (HostPreflightException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
    }
}
