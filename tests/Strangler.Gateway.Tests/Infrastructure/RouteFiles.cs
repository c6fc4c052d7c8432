using System.Text.Json.Nodes;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>Writes route files for tests, as a person would: plain JSON.</summary>
public static class RouteFiles
{
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

    public static void Write(string directory, JsonObject route, string? fileName = null)
    {
        var path = Path.Combine(directory, fileName ?? route["name"]!.GetValue<string>() + ".json");
        // Write-then-rename, like an editor or a deploy tool, so the watcher never reads half a file.
        var temp = path + ".tmp";
        File.WriteAllText(temp, route.ToJsonString());
        File.Move(temp, path, overwrite: true);
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
