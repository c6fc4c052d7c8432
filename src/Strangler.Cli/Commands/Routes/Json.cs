using System.Text.Json;

namespace Strangler.Cli.Commands.Routes;

/// <summary>Lenient reads of admin API answers: a missing field prints as empty rather than failing the command.</summary>
internal static class Json
{
    public static JsonElement Get(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    public static string Text(this JsonElement element, string name) => element.Get(name) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString()!,
        { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => "",
        var value => value.GetRawText(),
    };

    public static IEnumerable<JsonElement> Items(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [];

    /// <summary>A route's mode in the CLI's notation, from its <c>mode</c> and <c>canaryPercentage</c> fields.</summary>
    public static string ModeText(this JsonElement route) =>
        route.Text("mode") == "canary" ? $"canary:{route.Text("canaryPercentage")}" : route.Text("mode");
}
