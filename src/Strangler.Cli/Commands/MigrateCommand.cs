using System.CommandLine;
using Strangler.Cli.Errors;
using Strangler.Cli.Help;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;
using Strangler.LegacyDatabase.Migrations;

namespace Strangler.Cli.Commands;

/// <summary>
/// <c>strangler migrate --provider sqlserver|postgres|sqlite --connection ... [--dir migrations] [--dry-run]</c>:
/// applies the legacy-database scripts not yet in the journal, each in its own transaction; refuses all of them when
/// an applied script has changed. <c>--dry-run</c> prints the pending scripts and their SQL instead, changing nothing.
/// Without <c>--dir</c> the scripts built into the tool are used. The connection string may come from
/// <see cref="ConnectionVariable"/> instead, so that its password is not on a command line <c>ps</c> shows.
/// </summary>
internal static class MigrateCommand
{
    public const string ConnectionVariable = "STRANGLER_MIGRATE_CONNECTION";

    public static Command Create() => Create(Environment.GetEnvironmentVariable);

    /// <summary>The command, reading <see cref="ConnectionVariable"/> through <paramref name="environment"/>.</summary>
    public static Command Create(Func<string, string?> environment)
    {
        var provider = new Option<string>("--provider")
        {
            Description = "The legacy database engine: sqlserver, postgres or sqlite.",
            Required = true,
        };
        var connection = new Option<string?>("--connection")
        {
            Description = $"The legacy database's connection string (default: the {ConnectionVariable} environment variable).",
        };
        var dir = new Option<string?>("--dir")
        {
            Description = "A migrations folder with one sub-folder per provider (default: the scripts built into strangler).",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Print the scripts not yet applied, with their SQL, and change nothing (not even the journal).",
        };
        var command = new Command("migrate", "Create or update Strangler's tables (all named strangler_*) in the legacy database.")
        {
            provider, connection, dir, dryRun,
        }.WithDetails("Each script not yet in the journal (strangler_migrations) runs in its own transaction, one run at a " +
            "time. PostgreSQL: the tables go into the first existing schema of the connection's search_path.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            string? endpoint = null;
            LegacyProvider kind;
            try
            {
                kind = SqlDialects.ParseProvider(parseResult.GetValue(provider)!);
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync("migrate: " + ex.Message);
                return UsageErrors.ExitCode;
            }

            var given = parseResult.GetValue(connection);
            var connectionString = given ?? environment(ConnectionVariable);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                await error.WriteLineAsync($"migrate: --connection is required (or {ConnectionVariable}): the legacy database's connection string.");
                return UsageErrors.ExitCode;
            }

            if (ConnectionStringCheck.Problem(kind, connectionString) is { } problem)
            {
                await error.WriteLineAsync($"migrate: {(given is null ? ConnectionVariable : "--connection")} {problem}");
                return UsageErrors.ExitCode;
            }

            try
            {
                endpoint = ConnectionStringCheck.Endpoint(kind, connectionString);
                var scripts = parseResult.GetValue(dir) is { } folder
                    ? MigrationSource.FromDirectory(folder, kind)
                    : MigrationSource.Embedded(kind);
                if (parseResult.GetValue(dryRun))
                {
                    var pending = await new MigrationRunner(SqlDialects.For(kind), TimeProvider.System)
                        .PendingAsync(connectionString, scripts, cancellationToken);
                    foreach (var script in pending)
                    {
                        await output.WriteLineAsync($"-- pending {script.Name} (sha256 {script.Checksum})");
                        await output.WriteLineAsync(script.Sql.ReplaceLineEndings("\n").Trim());
                        await output.WriteLineAsync();
                    }
                    await output.WriteLineAsync(
                        $"-- {pending.Count} pending, {scripts.Count - pending.Count} already applied; nothing was changed (--dry-run).");
                    return 0;
                }

                var report = await new MigrationRunner(SqlDialects.For(kind), TimeProvider.System)
                    .ApplyAsync(connectionString, scripts, cancellationToken);
                foreach (var name in report.Applied)
                {
                    await output.WriteLineAsync($"applied {name}");
                }
                await output.WriteLineAsync($"{report.Applied.Count} applied, {report.AlreadyApplied.Count} already applied.");
                return 0;
            }
            catch (Exception ex) when (ex is MigrationException or ArgumentException)
            {
                await error.WriteLineAsync("migrate: " + ex.Message);
                return 1;
            }
            catch (System.Data.Common.DbException ex)
            {
                // Unreachable server, wrong password, unwritable SQLite file: the driver's error says what (described,
                // so that no row value it quotes is printed), not always where ("Name or service not known"): the
                // host and port, or the file, are named, never the user or password.
                var where = endpoint is null ? "the database" : $"the database at {endpoint}";
                await error.WriteLineAsync($"migrate: {where} refused: " + Errors.CliErrorText.OneLine(DatabaseErrorText.Describe(ex)));
                return 1;
            }
        });
        return command;
    }
}
