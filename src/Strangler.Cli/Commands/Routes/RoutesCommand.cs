using System.CommandLine;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>strangler routes</c>: validate route files, and list, flip, audit and roll back the gateway's routes.</summary>
internal static class RoutesCommand
{
    public static Command Create()
    {
        var admin = new AdminApiOptions();
        var command = new Command("routes", "Validate route files; list, flip, audit and roll back routes through the gateway's admin API; apply, export and list a fleet's shared route state.")
        {
            RoutesValidateCommand.Create(),
            RoutesListCommand.Create(admin),
            RoutesFlipCommand.Create(admin),
            RoutesHistoryCommand.Create(admin),
            RoutesRollbackCommand.Create(admin),
            RoutesApplyCommand.Create(),
            RoutesExportCommand.Create(),
            RoutesReplicasCommand.Create(),
        };
        command.Options.Add(admin.Gateway);
        command.Options.Add(admin.Token);
        return command;
    }
}
