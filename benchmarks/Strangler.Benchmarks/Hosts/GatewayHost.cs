using Strangler.Gateway.Configuration;

namespace Strangler.Benchmarks.Hosts;

/// <summary>
/// The Strangler gateway exactly as users start it: the built <c>strangler</c> command, <c>strangler gateway --routes
/// routes --urls URL --Strangler:Gateway:DefaultUpstream=UPSTREAM</c>, in its own process, with nothing else set: its
/// embedded defaults decide logging, metrics, the dashboard and the rest. The route files are the repository's, with
/// every sub-domain in canary at 50% (each request hashes its user key, half the users go each way) and both sides
/// pointing at the benchmark's upstream, so only the gateway's own work differs from bare YARP.
/// </summary>
internal static class GatewayHost
{
    /// <summary>The built CLI next to the benchmark (the benchmark project references it, so it is built with it).</summary>
    public static string DefaultCommand => Path.Combine(AppContext.BaseDirectory, "strangler");

    public static async Task<ServerProcess> StartAsync(string command, string upstream, string routesSource,
        IReadOnlyList<string> extraArguments, string name, IReadOnlyDictionary<string, string>? environment = null)
    {
        var loaded = RouteValidator.LoadDirectory(routesSource);
        if (!loaded.IsValid)
        {
            throw new InvalidOperationException(
                $"The route files in '{routesSource}' are invalid:\n{string.Join('\n', loaded.Errors)}");
        }

        // A working directory of its own: no appsettings.json of the repository's is picked up, as for a user who
        // runs the command in a directory holding only their routes.
        var workDirectory = Path.Combine(Path.GetTempPath(), $"strangler-bench-gateway-{Guid.NewGuid():N}");
        var routes = Path.Combine(workDirectory, "routes");
        Directory.CreateDirectory(routes);
        foreach (var route in loaded.Routes)
        {
            RouteFileWriter.WriteAtomically(routes, route with
            {
                Legacy = upstream,
                New = upstream,
                Mode = RouteMode.Canary,
                CanaryPercentage = 50,
            });
        }

        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        string[] arguments =
        [
            "gateway", "--routes", "routes", "--urls", url, $"--Strangler:Gateway:DefaultUpstream={upstream}",
            .. extraArguments,
        ];
        return await ServerProcess.StartAsync(name, command, arguments, workDirectory, url, "/readyz", ownsWorkingDirectory: true, environment);
    }
}
