using System.CommandLine;
using Strangler.Cli.Commands.Reconcile;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// <c>strangler demo reconcile [--repair new|legacy] [--work-dir DIR]</c>: the shipped reconcile of the
/// customers-projection against the demo's own databases, configured as the demo's sync worker is, for use while the
/// demo runs in another terminal. Exit codes as <c>strangler reconcile</c>: 0 clean, 3 findings remain.
/// </summary>
internal static class DemoReconcileCommand
{
    public static Command Create()
    {
        var repair = new Option<string?>("--repair")
        {
            Description = "Repair the differences on one side: new (through the projection) or legacy (through the backfill's mapping).",
        };
        var workDirectory = new Option<string?>("--work-dir")
        {
            Description = "The running demo's work directory (default: .strangler/demo beside the routes directory, as `strangler demo` uses).",
        };
        var command = new Command("reconcile", "Prove that the demo's monolith and new Customers service hold the same customers; optionally repair one side.")
        {
            repair, workDirectory,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var work = parseResult.GetValue(workDirectory);
            if (work is null)
            {
                var routes = RoutesLocator.Find(Directory.GetCurrentDirectory());
                if (routes is null)
                {
                    await error.WriteLineAsync("No routes/ directory here or above, so no default demo directory: pass --work-dir DIR.");
                    return 1;
                }

                work = DemoPaths.DefaultWorkDirectory(routes);
            }

            var paths = new DemoPaths(Path.GetFullPath(work));
            // Checked first: opening a missing file would create an empty database in its place.
            if (new[] { paths.LegacyDatabase, paths.CustomersDatabase }.FirstOrDefault(f => !File.Exists(f)) is { } missing)
            {
                await error.WriteLineAsync($"No demo database at '{missing}': start `strangler demo` first (or pass --work-dir with its work directory).");
                return 1;
            }

            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(DemoSyncConfiguration.For(paths.LegacyConnectionString, paths.CustomersDatabase))
                .Build();
            var request = new ReconcileRequest
            {
                Projection = DemoSyncConfiguration.ProjectionName,
                ReportPath = Path.Combine(paths.WorkDirectory, $"reconcile-{DemoSyncConfiguration.ProjectionName}.ndjson"),
                Repair = parseResult.GetValue(repair),
            };
            return await ReconcileRun.RunAsync(parseResult, configuration, request, cancellationToken);
        });
        return command;
    }
}
