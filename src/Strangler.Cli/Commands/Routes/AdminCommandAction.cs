using System.CommandLine;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// Runs an admin API call for a command, printing an <see cref="AdminApiException"/>'s message: exit code 2 when the
/// options were refused before anything was sent (no token, a token no header can carry, --gateway not a URL), 1 when
/// the call failed.
/// </summary>
internal static class AdminCommandAction
{
    public static void Set(
        Command command, AdminApiOptions options, Func<AdminApiClient, ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            AdminApiSettings settings;
            try
            {
                settings = options.Resolve(parseResult, Environment.GetEnvironmentVariable);
            }
            catch (AdminApiException ex)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(Errors.CliErrorText.OneLine(ex.Message));
                return Errors.UsageErrors.ExitCode;
            }

            try
            {
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
