using System.Text.Json;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>Writes route files in the gateway's format for a test.</summary>
public static class RouteFiles
{
    public static void Write(string directory, string name, Uri legacy, Uri @new, string mode = "legacy", int percentage = 0)
    {
        Directory.CreateDirectory(directory);
        var route = new
        {
            name,
            paths = new[] { $"/{name}", $"/{name}/{{**rest}}" },
            legacy = legacy.GetLeftPart(UriPartial.Authority),
            @new = @new.GetLeftPart(UriPartial.Authority),
            mode,
            canaryPercentage = percentage,
            userKey = new { source = "header", name = "X-User-Id" },
            revision = 1,
        };
        File.WriteAllText(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(route));
    }
}
