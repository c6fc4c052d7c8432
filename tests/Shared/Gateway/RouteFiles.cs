using System.Text.Json.Nodes;

namespace Strangler.Tests.Shared;

/// <summary>The one route-file builder: writes route files for tests, as a person would, in plain JSON.</summary>
public static class RouteFiles
{
    /// <summary>A route for <paramref name="name"/> (paths <c>/name</c> and <c>/name/{**rest}</c> unless given), user key header <c>X-User-Id</c>, fallback on.</summary>
    public static JsonObject Route(string name, string legacy, string @new, string mode = "legacy", int percentage = 0,
        params string[] paths) => new()
        {
            ["name"] = name,
            ["paths"] = new JsonArray((paths.Length == 0 ? [$"/{name}", $"/{name}/{{**rest}}"] : paths).Select(p => (JsonNode)p!).ToArray()),
            ["legacy"] = legacy,
            ["new"] = @new,
            ["mode"] = mode,
            ["canaryPercentage"] = percentage,
            ["userKey"] = new JsonObject { ["source"] = "header", ["name"] = "X-User-Id" },
            ["fallbackToLegacy"] = true,
            ["revision"] = 1,
        };

    /// <summary>Writes <paramref name="route"/> as <c>{name}.json</c> (or <paramref name="fileName"/>), creating the directory.</summary>
    public static void Write(string directory, JsonObject route, string? fileName = null)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName ?? route["name"]!.GetValue<string>() + ".json");
        // Write-then-rename, like an editor or a deploy tool, so the watcher never reads half a file.
        var temp = path + ".tmp";
        File.WriteAllText(temp, route.ToJsonString());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes a route with the fallback left at its default (off), upstreams given by their base address.</summary>
    public static void Write(string directory, string name, Uri legacy, Uri @new, string mode = "legacy", int percentage = 0)
    {
        var route = Route(name, legacy.GetLeftPart(UriPartial.Authority), @new.GetLeftPart(UriPartial.Authority), mode, percentage);
        route.Remove("fallbackToLegacy");
        Write(directory, route);
    }

    public static void WriteRaw(string directory, string fileName, string content) =>
        File.WriteAllText(Path.Combine(directory, fileName), content);

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "strangler-gw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }
}
