using System.CommandLine;
using Strangler.Cli.Errors;

namespace Strangler.Cli.Commands.Demo;

/// <summary><c>strangler demo</c>: the monolith, the new Customers service and the gateway, running until Ctrl+C.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var gatewayPort = PortOption("--gateway-port", 5100, "The gateway's port.");
        var legacyPort = PortOption("--legacy-port", 5101, "The legacy monolith's port.");
        var customersPort = PortOption("--customers-port", 5102, "The new Customers service's port.");
        var syncPort = PortOption("--sync-port", 5103, "The sync worker's port.");
        var workDirectory = new Option<string?>("--work-dir")
        {
            Description = "Where the demo keeps its databases and its copy of the route files " +
                "(default: .strangler/demo beside the routes directory, i.e. in the repository root).",
        };
        var routes = new Option<string?>("--routes")
        {
            Description = "The route files to start from (default: the nearest routes/ directory up from here).",
        };
        var command = new Command("demo", "Run the demo: legacy monolith, sync worker, new Customers service and the gateway in front.")
        {
            gatewayPort, legacyPort, customersPort, syncPort, workDirectory, routes, TrafficCommand.Create(), DemoReconcileCommand.Create(),
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var routesSource = parseResult.GetValue(routes) ?? Located(Directory.GetCurrentDirectory());
            if (routesSource is null)
            {
                await error.WriteLineAsync("No routes/ directory with route files here or above: pass --routes DIR.");
                return 1;
            }

            // Before anything starts: the embedded Kafka and the hosts would print their own lines first.
            if (await DemoRoutesCheck.CheckAsync(error, routesSource) is { } refused)
            {
                return refused;
            }

            var settings = new DemoSettings
            {
                GatewayPort = parseResult.GetValue(gatewayPort),
                LegacyPort = parseResult.GetValue(legacyPort),
                CustomersPort = parseResult.GetValue(customersPort),
                SyncPort = parseResult.GetValue(syncPort),
                WorkDirectory = Path.GetFullPath(parseResult.GetValue(workDirectory) ?? DemoPaths.DefaultWorkDirectory(routesSource)),
                RoutesSource = Path.GetFullPath(routesSource),
            };
            try
            {
                await using var demo = await DemoEnvironment.StartAsync(settings, cancellationToken);
                await output.WriteLineAsync(DemoInstructions.For(demo));
                await output.FlushAsync(CancellationToken.None);
                await WaitForStopAsync(demo, cancellationToken);
                await output.WriteLineAsync("Stopping the demo.");
                return 0;
            }
            catch (DemoException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ex.ExitCode;
            }
        });
        return command;
    }

    // Relative to where the demo runs, so its errors name "routes/customers.json" as `routes validate routes/` does.
    private static string? Located(string here) =>
        RoutesLocator.Find(here) is { } found ? Path.GetRelativePath(here, found) : null;

    private static Option<int> PortOption(string name, int defaultPort, string description)
    {
        return new Option<int>(name)
        {
            Description = description + " 0 picks a free one.",
            DefaultValueFactory = _ => defaultPort,
        }.Within(0, 65535, "a TCP port; 0 picks a free one");
    }

    private static async Task WaitForStopAsync(DemoEnvironment demo, CancellationToken cancellationToken)
    {
        try
        {
            await demo.Stopping.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the normal way to end the demo.
        }
    }
}
