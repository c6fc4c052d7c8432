using System.CommandLine;
using System.Data.Common;
using Strangler.Cli.Errors;
using Strangler.Gateway.Fleet;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// Runs a fleet-store command, turning its expected failures into one line: exit code 2 when --store or --connection
/// is missing or unreadable (nothing was opened), 1 when the command failed.
/// </summary>
internal static class FleetCommandAction
{
    public static void Set(Command command, string name, FleetStoreOptions store,
        Func<ParseResult, FleetStoreClient, TextWriter, TextWriter, CancellationToken, Task<int>> run)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            FleetStoreClient client;
            try
            {
                client = store.Resolve(parseResult, Environment.GetEnvironmentVariable);
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"routes {name}: {ex.Message}");
                return UsageErrors.ExitCode;
            }

            try
            {
                return await run(parseResult, client, output, error, cancellationToken);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InvalidDataException or IOException
                or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"routes {name}: {ex.Message}");
                return 1;
            }
            catch (DbException ex)
            {
                // Unreachable server, wrong password, tables missing: the driver's message names it; the connection string is not echoed.
                await error.WriteLineAsync($"routes {name}: the store refused: {CliErrorText.OneLine(DatabaseErrorText.Describe(ex))}");
                return 1;
            }
        });
    }
}
