using System.CommandLine;

namespace Strangler.Cli.Commands.Routes;

/// <summary>Runs an admin API call for a command, printing an <see cref="AdminApiException"/>'s message and exiting 1.</summary>
internal static class AdminCommandAction
{
    public static void Set(
        Command command, AdminApiOptions options, Func<AdminApiClient, ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var settings = options.Resolve(parseResult, Environment.GetEnvironmentVariable);
                using var client = new AdminApiClient(settings);
                return await action(client, parseResult, cancellationToken);
            }
            catch (AdminApiException ex)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(Errors.CliErrorText.OneLine(ex.Message));
                return 1;
            }
        });
    }
}
