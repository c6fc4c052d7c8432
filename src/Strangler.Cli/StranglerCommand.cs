using System.CommandLine;

namespace Strangler.Cli;

/// <summary>The <c>strangler</c> command: one sub-command per file under <c>Commands/</c>.</summary>
internal static class StranglerCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Strangler: move a monolith to services one sub-domain at a time.");
        // Each component adds its commands here, one line each.
        root.Subcommands.Add(Commands.MigrateCommand.Create());
        root.Subcommands.Add(Commands.CdcDecodeCommand.Create());
        root.Subcommands.Add(Commands.DlqCommand.Create());
        root.Subcommands.Add(Commands.SyncCommand.Create());
        return root;
    }
}
