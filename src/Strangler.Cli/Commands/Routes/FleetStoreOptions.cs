using System.CommandLine;
using Strangler.Gateway.Fleet;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// <c>--store</c> and <c>--connection</c> of the commands that talk to the fleet's shared route store directly. The
/// connection string may come from an environment variable instead, so a password need not be on the command line.
/// </summary>
internal sealed class FleetStoreOptions
{
    public const string StoreVariable = "STRANGLER_FLEET_STORE";
    public const string ConnectionVariable = "STRANGLER_FLEET_CONNECTION";

    public Option<string?> Store { get; } = new("--store")
    {
        Description = $"The fleet store: postgres or sqlserver (default: the {StoreVariable} environment variable).",
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = $"The store's connection string (default: the {ConnectionVariable} environment variable).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Store);
        command.Options.Add(Connection);
    }

    /// <summary>The client; throws <see cref="ArgumentException"/> naming the missing option.</summary>
    public FleetStoreClient Resolve(ParseResult parseResult, Func<string, string?> environment)
    {
        var store = parseResult.GetValue(Store) ?? environment(StoreVariable);
        var given = parseResult.GetValue(Connection);
        var connection = given ?? environment(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(store))
        {
            throw new ArgumentException($"--store is required (or {StoreVariable}): postgres or sqlserver.");
        }

        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new ArgumentException($"--connection is required (or {ConnectionVariable}): the store's connection string.");
        }

        // The provider parser's own message offered sqlite, which no fleet runs on, and ended in "(Parameter 'name')".
        if (store.Trim().ToLowerInvariant() is not ("postgres" or "postgresql" or "sqlserver" or "mssql"))
        {
            throw new ArgumentException(
                $"{(parseResult.GetValue(Store) is null ? StoreVariable : "--store")}: '{store}' is not a fleet store: postgres or sqlserver.");
        }

        // Checked here, where the option or variable it came from is known: the driver's own message would quote it.
        if (ConnectionStringCheck.Problem(SqlDialects.ParseProvider(store), connection) is { } problem)
        {
            throw new ArgumentException($"{(given is null ? ConnectionVariable : "--connection")} {problem}");
        }

        return new FleetStoreClient(store, connection);
    }
}
