using System.CommandLine;
using Strangler.Cli.Commands;
using Strangler.Cli.Commands.Demo;
using Strangler.Cli.Commands.Dev;
using Strangler.Cli.Commands.Routes;

namespace Strangler.Cli;

/// <summary>The <c>strangler</c> command: one sub-command per file under <c>Commands/</c>.</summary>
internal static class StranglerCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Strangler: move a monolith to services one sub-domain at a time.");
        // Each component adds its commands here, one line each.
        root.Subcommands.Add(RoutesCommand.Create());
        root.Subcommands.Add(GatewayCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(CdcDecodeCommand.Create());
        root.Subcommands.Add(DlqCommand.Create());
        root.Subcommands.Add(SyncCommand.Create());
        root.Subcommands.Add(DevCommand.Create());
        return root;
    }
}
