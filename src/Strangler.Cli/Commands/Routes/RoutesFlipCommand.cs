using System.CommandLine;

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
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the history).", Required = true };
        var actor = ActorOption.Create();
        var command = new Command("flip", "Move a sub-domain's traffic to legacy, new, or a sticky canary percentage.")
        {
            subdomain, mode, reason, actor,
        };
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            // The option's validator has already rejected a mode that does not parse.
            _ = TargetMode.TryParse(parseResult.GetValue(mode), out var target, out _);
            var result = await client.PostAsync(AdminApiPaths.Flip, new
            {
                subdomain = parseResult.GetValue(subdomain),
                mode = target.Mode,
                percentage = target.Percentage,
                reason = parseResult.GetValue(reason),
                actor = parseResult.GetValue(actor),
            }, cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(ChangeText.Describe(result));
            return 0;
        });
        return command;
    }
}
