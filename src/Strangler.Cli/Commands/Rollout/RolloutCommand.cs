using System.CommandLine;
using Strangler.Cli.Commands.Routes;
using Strangler.Cli.Help;

namespace Strangler.Cli.Commands.Rollout;

/// <summary><c>strangler rollout start|pause|resume|abort|status SUBDOMAIN</c>: drive a progressive cutover.</summary>
internal static class RolloutCommand
{
    public static Command Create()
    {
        var admin = new AdminApiOptions();
        var command = new Command("rollout", "Start, pause, resume, abort or show a sub-domain's progressive cutover (its plan is in its route file).")
        {
            RolloutActionCommand.Create(admin, "start", "Flip to the plan's first step and let the rollout promote itself on evidence."),
            RolloutActionCommand.Create(admin, "pause", "Stop evaluating and flipping; traffic stays where it is."),
            RolloutActionCommand.Create(admin, "resume", "Run again from the current step (it bakes afresh)."),
            RolloutActionCommand.Create(admin, "abort", "Flip back to legacy and end the rollout."),
            RolloutStatusCommand.Create(admin),
        };
        command.Options.Add(admin.Gateway);
        command.Options.Add(admin.Token);
        return command.WithDetails("The plan is the route file's 'rollout' block (README 'Progressive cutover'). A flip or " +
            "rollback by hand pauses a running rollout; resume puts its step back, abort flips to legacy.");
    }
}
