using System.CommandLine;
using Strangler.Gateway;
using Strangler.Gateway.Admin;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>strangler routes flip SUBDOMAIN legacy|new|canary:N --reason ...</c>.</summary>
internal static class RoutesFlipCommand
{
    public static Command Create(AdminApiOptions admin)
    {
        var subdomain = new Argument<string>("subdomain") { Description = "The sub-domain (route name), e.g. customers." };
        var mode = new Argument<string>("mode") { Description = $"The target: {TargetMode.Usage}." };
        mode.Validators.Add(result =>
        {
            if (!TargetMode.TryParse(result.GetValueOrDefault<string>(), out _, out var error))
            {
                result.AddError(error);
            }
        });
        var reason = ReasonOption.Create();
        var actor = ActorOption.Create();
        var command = new Command("flip", "Move a sub-domain's traffic to legacy, new, or a sticky canary percentage.")
        {
            subdomain, mode, reason, actor,
        };
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            _ = TargetMode.TryParse(parseResult.GetValue(mode), out var target, out _);
            // The gateway's own request type: the admin API checks it with the one validation the dashboard uses too.
            var result = await client.PostAsync(StranglerWire.Admin.Flip, new FlipRequest
            {
                Subdomain = parseResult.GetValue(subdomain)!,
                Mode = target.RouteMode,
                Percentage = target.Percentage,
                Reason = parseResult.GetValue(reason)!,
                Actor = parseResult.GetValue(actor)!,
            }, cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(ChangeText.Describe(result));
            return 0;
        });
        return command;
    }
}
