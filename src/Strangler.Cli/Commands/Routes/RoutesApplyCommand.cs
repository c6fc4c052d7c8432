using System.CommandLine;
using Strangler.Gateway.Configuration;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// <c>strangler routes apply DIR --reason ... --store ... --connection ...</c>: validates the route files and, only if
/// all are valid, makes them the fleet's shared route state (the GitOps step); every replica serves them within a second.
/// </summary>
internal static class RoutesApplyCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "The directory of route files, e.g. routes/." };
        var reason = ReasonOption.Create();
        var actor = ActorOption.Create();
        var store = new FleetStoreOptions();
        var command = new Command("apply", "Validate route files and push them to the fleet's shared route store.") { directory, reason, actor };
        store.AddTo(command);
        FleetCommandAction.Set(command, "apply", store, async (parseResult, client, output, error, cancellationToken) =>
        {
            var path = parseResult.GetValue(directory)!;
            var why = parseResult.GetValue(reason)!;
            var files = RouteValidator.LoadDirectory(path);
            if (!files.IsValid)
            {
                await RouteFileProblems.WriteAsync(error, path, files.Errors, "nothing was applied.");
                return 1;
            }

            var result = await client.ApplyAsync(files.Routes, why.Trim(), parseResult.GetValue(actor)!, cancellationToken);
            foreach (var change in result.Changes)
            {
                await output.WriteLineAsync($"{change.Subdomain}: {change.From ?? "(new)"} -> {change.To ?? "(removed)"}");
            }

            await output.WriteLineAsync(result.Changes.Count == 0
                ? $"The store already has these {files.Routes.Count} route(s), at revision {result.Revision}; nothing changed."
                : $"{result.Changes.Count} change(s) applied as revision {result.Revision}.");
            return 0;
        });
        return command;
    }
}
