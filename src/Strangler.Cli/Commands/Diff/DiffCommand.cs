using System.CommandLine;
using Strangler.Cli.Commands.Routes;

namespace Strangler.Cli.Commands.Diff;

/// <summary><c>strangler diff</c>: the gateway's shadow comparison of legacy and new answers, per sub-domain.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var admin = new AdminApiOptions();
        var command = new Command("diff", "Read or reset the shadow comparison of legacy and new answers (a route's shadow block).")
        {
            DiffReportCommand.Create(admin),
            DiffResetCommand.Create(admin),
        };
        command.Options.Add(admin.Gateway);
        command.Options.Add(admin.Token);
        return command;
    }
}
