using System.CommandLine;
using Strangler.Cli.Commands.Routes;

namespace Strangler.Cli.Commands.Diff;

/// <summary><c>strangler diff reset &lt;subdomain&gt;</c>: start the comparison over, e.g. after a fix is deployed.</summary>
internal static class DiffResetCommand
{
    public static Command Create(AdminApiOptions admin)
    {
        var subdomain = new Argument<string>("subdomain") { Description = "The sub-domain (route name)." };
        var command = new Command("reset", "Forget a sub-domain's shadow results (counts, fields, samples, diff-rate history) and start over.") { subdomain };
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(subdomain)!;
            await client.PostAsync(DiffPaths.Reset, new { subdomain = name }, cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"{name}: shadow results reset; comparing afresh from now.");
            return 0;
        });
        return command;
    }
}
