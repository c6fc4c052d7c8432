using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strangler.Json;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// Copies the shipped route files into the demo's directory and points their upstreams at the ports the demo really
/// uses, so the demo can run on other ports and its flips never dirty the repository's <c>routes/</c>.
/// </summary>
internal static class DemoRoutes
{
    /// <summary>The upstream origins the shipped route files name.</summary>
    public static readonly Uri ShippedLegacy = new("http://127.0.0.1:5101");

    /// <summary>The shipped files' address of the new Customers service.</summary>
    public static readonly Uri ShippedCustomers = new("http://127.0.0.1:5102");

    // Written with their characters as they are, as a flip writes a route file: the default encoder turned a path's
    // "ö" into "\u00F6" and an "&" or "'" of a reason into escapes in the copy the demo's gateway serves and flips.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task CopyAsync(
        string source, string target, Uri legacy, Uri customers, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(source) ? Directory.GetFiles(source, "*.json") : [];
        if (files.Length == 0)
        {
            throw new DemoException($"No route files (*.json) in '{source}': pass --routes with the repository's routes/ directory.");
        }

        Directory.CreateDirectory(target);
        foreach (var stale in Directory.GetFiles(target))
        {
            File.Delete(stale);
        }

        // Rollout state belongs to the routes just deleted: a fresh demo starts with no rollout.
        if (Directory.Exists(Path.Combine(target, "rollouts")))
        {
            Directory.Delete(Path.Combine(target, "rollouts"), recursive: true);
        }

        var replacements = new Dictionary<string, string>
        {
            [Origin(ShippedLegacy)] = Origin(legacy),
            [Origin(ShippedCustomers)] = Origin(customers),
        };
        foreach (var file in files)
        {
            JsonNode? node;
            var text = "";
            try
            {
                text = await File.ReadAllTextAsync(file, cancellationToken);
                node = JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new DemoException($"Route file '{file}' is not valid JSON {JsonErrorPosition.Describe(text, ex)} (check it with: strangler routes validate {source})");
            }

            Rewrite(node, replacements);
            await File.WriteAllTextAsync(
                Path.Combine(target, Path.GetFileName(file)), node?.ToJsonString(Indented), cancellationToken);
        }
    }

    private static void Rewrite(JsonNode? node, Dictionary<string, string> replacements)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text) && Replace(text, replacements) is { } replaced)
                    {
                        obj[key] = replaced;
                    }
                    else
                    {
                        Rewrite(child, replacements);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rewrite(child, replacements);
                }

                break;
        }
    }

    private static string? Replace(string text, Dictionary<string, string> replacements)
    {
        foreach (var (from, to) in replacements)
        {
            if (text.Equals(from, StringComparison.OrdinalIgnoreCase)
                || text.StartsWith(from + "/", StringComparison.OrdinalIgnoreCase))
            {
                return to + text[from.Length..];
            }
        }

        return null;
    }

    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
