using System.CommandLine;
using Strangler.Gateway;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>strangler routes list</c>: each sub-domain's mode and revision as the gateway serves them now.</summary>
internal static class RoutesListCommand
{
    public static Command Create(AdminApiOptions admin)
    {
        var command = new Command("list", "List the gateway's routes: mode, revision, paths, breaker state.");
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var overview = await client.GetAsync(StranglerWire.Admin.Routes, cancellationToken);
            await output.WriteLineAsync($"{"SUBDOMAIN",-16} {"MODE",-11} {"REVISION",8}  {"BREAKER",-7}  PATHS");
            foreach (var status in overview.Get("routes").Items())
            {
                var route = status.Get("route");
                var paths = string.Join(" ", route.Get("paths").Items().Select(p => p.GetString()));
                var breaker = status.Text("breakerOpen") == "true" ? "open" : "closed";
                await output.WriteLineAsync(
                    $"{route.Text("name"),-16} {route.ModeText(),-11} {route.Text("revision"),8}  {breaker,-7}  {paths}");
            }

            if (overview.Get("lastLoadError") is { ValueKind: System.Text.Json.JsonValueKind.Object } failure)
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync($"The last change on disk was rejected (the table above is still serving): {failure.GetRawText()}");
            }

            return 0;
        });
        return command;
    }
}
