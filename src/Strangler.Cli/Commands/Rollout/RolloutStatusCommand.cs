using System.CommandLine;
using Strangler.Cli.Commands.Routes;

namespace Strangler.Cli.Commands.Rollout;

/// <summary><c>strangler rollout status SUBDOMAIN</c>: where the rollout stands, its last evaluations and their gates.</summary>
internal static class RolloutStatusCommand
{
    public static Command Create(AdminApiOptions admin)
    {
        var subdomain = new Argument<string>("subdomain") { Description = "The sub-domain (route name), e.g. customers." };
        var command = new Command("status", "Show the rollout's state, current step, next evaluation and recent gate results.") { subdomain };
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            var view = await client.GetAsync(RolloutPaths.Status(parseResult.GetValue(subdomain)!), cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(RolloutViewText.Describe(view, evaluations: 5));
            return 0;
        });
        return command;
    }
}
