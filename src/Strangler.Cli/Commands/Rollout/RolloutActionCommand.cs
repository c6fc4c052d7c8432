using System.CommandLine;
using Strangler.Cli.Commands.Routes;

namespace Strangler.Cli.Commands.Rollout;

/// <summary><c>strangler rollout start|pause|resume|abort SUBDOMAIN [--reason ...] [--actor ...]</c>.</summary>
internal static class RolloutActionCommand
{
    public static Command Create(AdminApiOptions admin, string name, string description)
    {
        var subdomain = new Argument<string>("subdomain") { Description = "The sub-domain (route name), e.g. customers." };
        // The gateway refuses a start without one; refused here it is a usage mistake (exit 2) before any request,
        // as 'routes flip' without one is, instead of a refusal from the gateway (exit 1).
        var reason = ReasonOption.Create(name switch
        {
            "start" => "Why (required: recorded in the history with each of the rollout's flips).",
            "abort" => "Why (recorded in the history with its flip back to legacy).",
            // A pause leaves the route as it is: no flip, so no entry in routes history carries the reason.
            "pause" => "Why (shown by 'rollout status' and sent to the rollout's webhooks; it flips nothing, so it is not in 'routes history').",
            _ => "Why (shown by 'rollout status' and sent to the rollout's webhooks; in 'routes history' only when the route was moved while paused and resuming flips it back to the step).",
        }, required: name == "start");
        var actor = ActorOption.Create(name switch
        {
            "start" => "Who starts it (shown by 'rollout status', sent to the rollout's webhooks, and recorded in 'routes history' with the first step's flip).",
            "abort" => "Who aborts it (shown by 'rollout status', sent to the rollout's webhooks, and recorded in 'routes history' with its flip back to legacy).",
            // As for --reason: a pause flips nothing, so the actor goes only where the pause itself is kept.
            "pause" => "Who pauses it (shown by 'rollout status' and sent to the rollout's webhooks; it flips nothing, so it is not in 'routes history').",
            _ => "Who resumes it (shown by 'rollout status' and sent to the rollout's webhooks; in 'routes history' only when the route was moved while paused and resuming flips it back to the step).",
        });
        var command = new Command(name, description) { subdomain, reason, actor };
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            var view = await client.PostAsync(RolloutPaths.Command(parseResult.GetValue(subdomain)!, name), new
            {
                actor = parseResult.GetValue(actor),
                reason = parseResult.GetValue(reason),
            }, cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(RolloutViewText.Describe(view));
            return 0;
        });
        return command;
    }
}
