using System.CommandLine;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>strangler routes export DIR</c>: writes the fleet's shared route state out as route files.</summary>
internal static class RoutesExportCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "Where to write one <subdomain>.json per route." };
        var store = new FleetStoreOptions();
        var command = new Command("export", "Write the fleet's shared route state out as route files.") { directory };
        store.AddTo(command);
        FleetCommandAction.Set(command, "export", store, async (parseResult, client, output, _, cancellationToken) =>
        {
            var path = parseResult.GetValue(directory)!;
            var result = await client.ExportAsync(path, cancellationToken);
            foreach (var removed in result.Removed)
            {
                await output.WriteLineAsync($"removed {removed} (no such sub-domain in the store)");
            }

            await output.WriteLineAsync($"{result.Routes.Count} route file(s) of revision {result.Revision} written to {path}.");
            return 0;
        });
        return command;
    }
}
