using System.Text;
using System.Text.Json;
using Strangler.Gateway.Configuration;
using Strangler.Json;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The store keeps the routes as a JSON array of route files, byte for byte what <c>strangler routes export</c> writes,
/// and reads them back through the route-file reader, so a hand-edited or corrupt store is rejected field by field
/// like a bad file rather than served.
/// </summary>
internal static class RouteStateJson
{
    public static string Serialize(IReadOnlyList<RouteDefinition> routes)
    {
        var text = new StringBuilder("[");
        foreach (var route in routes.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            text.Append(text.Length > 1 ? "," : "").Append(Encoding.UTF8.GetString(RouteFileWriter.Serialize(route)).TrimEnd());
        }

        return text.Append(']').ToString();
    }

    /// <summary>The routes, or every error found (each naming the route and field).</summary>
    public static RouteLoadResult Parse(string json)
    {
        var errors = new List<RouteValidationError>();
        var routes = new List<RouteDefinition>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Failed("the stored routes are not a JSON array");
            }

            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var name = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("name", out var n)
                    && n.ValueKind == JsonValueKind.String ? n.GetString()! : $"#{index}";
                if (RouteFileReader.Read(name + ".json", Encoding.UTF8.GetBytes(element.GetRawText()), errors) is { } route)
                {
                    routes.Add(route);
                }

                index++;
            }
        }
        catch (JsonException ex)
        {
            // The route files' numbering (from 1, in characters), not the reader's 0-based line and byte.
            return Failed("the stored routes are not valid JSON " + JsonErrorPosition.Describe(json, ex));
        }

        if (errors.Count == 0)
        {
            errors.AddRange(RouteValidator.Validate(routes));
        }

        return new RouteLoadResult { Routes = errors.Count == 0 ? routes.OrderBy(r => r.Name, StringComparer.Ordinal).ToList() : [], Errors = errors };
    }

    private static RouteLoadResult Failed(string message) =>
        new() { Routes = [], Errors = [new("(route store)", "", message)] };
}
