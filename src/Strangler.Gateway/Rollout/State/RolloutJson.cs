using System.Text.Json;
using System.Text.Json.Serialization;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Rollout.State;

/// <summary>
/// JSON of the state files and webhooks: camelCase, enums as kebab-case words, indented for people; read back strictly
/// (<see cref="StoredJson"/>).
/// </summary>
internal static class RolloutJson
{
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = StoredJson.Strict(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // The rollout API answers under the admin API's prefix, read with curl as its other answers are.
            Encoder = AdminJson.ReadableEncoder,
        });
        // Strict, as the history is: a state file read back with "status": 2 was a completed rollout nobody finished.
        options.Converters.Add(new StrictEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
