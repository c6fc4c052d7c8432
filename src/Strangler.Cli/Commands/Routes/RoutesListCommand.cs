using System.CommandLine;
using System.Text.Json;
using Strangler.Gateway;
using Strangler.Gateway.Configuration;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// <c>strangler routes list</c>: each sub-domain's mode and revision as the gateway serves them now; exit code 1 when it
/// serves no route table at all (it answers every request 503).
/// </summary>
internal static class RoutesListCommand
{
    public static Command Create(AdminApiOptions admin)
    {
        var command = new Command("list", "List the gateway's routes: mode, revision, paths, breaker state.");
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var overview = await client.GetAsync(StranglerWire.Admin.Routes, cancellationToken);
            var failure = overview.Get("lastLoadError");
            if (overview.Get("loaded").ValueKind == JsonValueKind.False)
            {
                // An empty table above "still serving" read as a gateway serving nothing by choice: it serves nobody.
                // A fleet replica that never reached its store has no route files at fault: told to fix them, an
                // operator looked for an error in files the replica never read.
                var error = parseResult.InvocationConfiguration.Error;
                var store = IsStoreFailure(failure);
                await error.WriteLineAsync("The gateway has no route table: every request through it is answered 503 until "
                    + (store ? "the fleet's route store answers." : "the route files are fixed."));
                if (failure.ValueKind == JsonValueKind.Object)
                {
                    await error.WriteLineAsync(store
                        ? $"Its route store could not be read at {When(failure.Text("at"))}:"
                        : $"Its route files were rejected at {When(failure.Text("at"))}:");
                    await WriteErrorsAsync(error, failure);
                }

                return 1;
            }

            await output.WriteLineAsync($"{"SUBDOMAIN",-16} {"MODE",-11} {"REVISION",8}  {"BREAKER",-7}  PATHS");
            foreach (var status in overview.Get("routes").Items())
            {
                var route = status.Get("route");
                var paths = string.Join(" ", route.Get("paths").Items().Select(p => p.GetString()));
                var breaker = status.Text("breakerOpen") == "true" ? "open" : "closed";
                await output.WriteLineAsync(
                    $"{route.Text("name"),-16} {route.ModeText(),-11} {route.Text("revision"),8}  {breaker,-7}  {paths}");
            }

            if (failure.ValueKind == JsonValueKind.Object)
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync($"The last change on disk was rejected at {When(failure.Text("at"))}; the table above is still serving:");
                await WriteErrorsAsync(output, failure);
            }

            return 0;
        });
        return command;
    }

    private static bool IsStoreFailure(JsonElement failure) =>
        failure.ValueKind == JsonValueKind.Object && failure.Get("errors").Items().Any()
        && failure.Get("errors").Items().All(e => e.Text("file").Length == 0 && e.Text("field") == "store");

    // One line per problem, as `strangler routes validate` prints them.
    private static async Task WriteErrorsAsync(TextWriter writer, JsonElement failure)
    {
        foreach (var error in failure.Get("errors").Items())
        {
            await writer.WriteLineAsync("  " + new RouteValidationError(error.Text("file"), error.Text("field"), error.Text("message"))
            {
                Line = error.Get("line") is { ValueKind: JsonValueKind.Number } line ? line.GetInt32() : null,
                Column = error.Get("column") is { ValueKind: JsonValueKind.Number } column ? column.GetInt32() : null,
            });
        }
    }

    // As routes history prints its times (UTC, to the second), not the API's round-trip form with its 7 decimals.
    private static string When(string at) =>
        DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, out var when)
            ? when.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC" : at;
}
