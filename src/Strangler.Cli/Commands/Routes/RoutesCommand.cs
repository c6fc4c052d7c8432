using System.CommandLine;
using Strangler.Cli.Help;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>strangler routes</c>: validate route files, and list, flip, audit and roll back the gateway's routes.</summary>
internal static class RoutesCommand
{
    public static Command Create()
    {
        var admin = new AdminApiOptions();
        Command[] adminCommands =
        [
            RoutesListCommand.Create(admin),
            RoutesFlipCommand.Create(admin),
            RoutesHistoryCommand.Create(admin),
            RoutesRollbackCommand.Create(admin),
        ];
        // --gateway and --token go on the commands that call the admin API only: validate reads files and the fleet
        // commands read the store, so their help must not offer options they ignore.
        foreach (var adminCommand in adminCommands)
        {
            adminCommand.Options.Add(admin.Gateway);
            adminCommand.Options.Add(admin.Token);
        }

        var command = new Command("routes", "Validate, list, flip, audit and roll back routes; apply and export a fleet's shared route state.")
        {
            RoutesValidateCommand.Create(),
        };
        foreach (var adminCommand in adminCommands)
        {
            command.Subcommands.Add(adminCommand);
        }

        command.Subcommands.Add(RoutesApplyCommand.Create());
        command.Subcommands.Add(RoutesExportCommand.Create());
        command.Subcommands.Add(RoutesReplicasCommand.Create(TimeProvider.System));
        return command.WithDetails("list, flip, history and rollback go through a gateway's admin API (--gateway, --token); " +
            "validate reads route files; apply, export and replicas use a fleet's shared store (--store, --connection).");
    }
}
