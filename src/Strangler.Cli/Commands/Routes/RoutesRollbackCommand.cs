using System.CommandLine;
using Strangler.Cli.Errors;
using Strangler.Gateway;
using Strangler.Gateway.Admin;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>strangler routes rollback REVISION --reason ...</c>: restore a route as it was at a revision.</summary>
internal static class RoutesRollbackCommand
{
    public static Command Create(AdminApiOptions admin)
    {
        var revision = new Argument<long>("revision") { Description = "The revision to restore (see: strangler routes history)." };
        revision.Validators.Add(result =>
        {
            if (ParsedValue.TryGet<long>(result, out var value) && value < 0)
            {
                result.AddError("revision must be a whole number >= 0.");
            }
        });
        var subdomain = new Option<string?>("--subdomain") { Description = "The sub-domain, when several had that revision." };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the history).", Required = true };
        var actor = ActorOption.Create();
        var command = new Command("rollback", "Restore a sub-domain's route as it was at an earlier revision (recorded as a new revision).")
        {
            revision, subdomain, reason, actor,
        };
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            var result = await client.PostAsync(StranglerWire.Admin.Rollback, new RollbackRequest
            {
                Revision = parseResult.GetValue(revision),
                Subdomain = parseResult.GetValue(subdomain),
                Reason = parseResult.GetValue(reason)!,
                Actor = parseResult.GetValue(actor)!,
            }, cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(ChangeText.Describe(result));
            return 0;
        });
        return command;
    }
}
