using System.CommandLine;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Text;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// <c>strangler routes apply DIR --reason ... --store ... --connection ...</c>: validates the route files and, only if
/// all are valid, makes them the fleet's shared route state (the GitOps step); every replica serves them within a second.
/// With <c>--dry-run</c> it says what it would change and writes nothing.
/// </summary>
internal static class RoutesApplyCommand
{
    /// <summary>A dry run that found changes to make: a finding, as <c>routes replicas</c>' flagged replica, not a failure.</summary>
    public const int WouldChange = 3;

    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "The directory of route files, e.g. routes/." };
        // Required unless --dry-run, checked below: a dry run records nothing, so it has nothing to say why.
        var reason = ReasonOption.Create("Why (recorded in the history); required unless --dry-run.", required: false);
        var actor = ActorOption.Create();
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = $"Print what applying would change in the store and write nothing: exit 0 when nothing would change, {WouldChange} when something would.",
        };
        var store = new FleetStoreOptions();
        var command = new Command("apply", "Validate route files and push them to the fleet's shared route store.") { directory, reason, actor, dryRun };
        command.Validators.Add(result =>
        {
            if (result.GetValue(dryRun))
            {
                return;
            }

            if (result.GetResult(reason) is null)
            {
                result.AddError("Option '--reason' is required (it goes into the history), unless --dry-run.");
            }
            else if (string.IsNullOrWhiteSpace(result.GetValue(reason)))
            {
                result.AddError("--reason must say why; it goes into the history.");
            }
        });
        store.AddTo(command);
        FleetCommandAction.Set(command, "apply", store, async (parseResult, client, output, error, cancellationToken) =>
        {
            var path = parseResult.GetValue(directory)!;
            var files = RouteValidator.LoadDirectory(path);
            var dry = parseResult.GetValue(dryRun);
            if (!files.IsValid)
            {
                await RouteFileProblems.WriteAsync(error, path, files.Errors, dry ? "nothing would be applied." : "nothing was applied.");
                return 1;
            }

            var result = dry
                ? await client.PlanApplyAsync(files.Routes, cancellationToken)
                : await client.ApplyAsync(files.Routes, parseResult.GetValue(reason)!.Trim(), parseResult.GetValue(actor)!, cancellationToken);
            foreach (var change in result.Changes)
            {
                await output.WriteLineAsync($"{change.Subdomain}: {change.From ?? "(new)"} -> {change.To ?? "(removed)"}");
            }

            foreach (var undone in result.Undone)
            {
                await error.WriteLineAsync(UndoneWarning(undone, dry));
            }

            if (dry)
            {
                await output.WriteLineAsync(result.Changes.Count == 0
                    ? $"Dry run: the store already has these {files.Routes.Count} route(s), at revision {result.Revision}; nothing would change."
                    : $"Dry run: {result.Changes.Count} change(s) would be applied as revision {result.Revision + 1}; nothing was written.");
                return result.Changes.Count == 0 ? 0 : WouldChange;
            }

            await output.WriteLineAsync(result.Changes.Count == 0
                ? $"The store already has these {files.Routes.Count} route(s), at revision {result.Revision}; nothing changed."
                : $"{result.Changes.Count} change(s) applied as revision {result.Revision}.");
            return 0;
        });
        return command;
    }

    private static string UndoneWarning(RouteChange undone, bool dry) =>
        $"warning: {undone.Subdomain} was last changed through a replica, not by these files ({undone.Action} to {undone.To ?? "(removed)"} " +
        $"by {TerminalText.Escape(undone.Actor)} at {undone.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, revision {undone.Revision}: " +
        $"{TerminalText.Escape(undone.Reason)}); {(dry ? "applying them would undo" : "the apply undid")} that change. " +
        "Put it in the route files (strangler routes export writes the store's routes as files) to keep it.";
}
