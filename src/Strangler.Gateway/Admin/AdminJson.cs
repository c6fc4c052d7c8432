using System.Text.Json;
using System.Text.Json.Serialization;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>JSON settings of the admin API and the history file; local so a host's own JSON settings stay untouched.</summary>
internal static class AdminJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        // Strict numbers and names as well (StoredJson): the history is acted on, and the web defaults read
        // "revision": "7" and "REVISION" alike, which the gateway never writes.
        var options = StoredJson.Strict(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        });
        // Strict: the history is read back with these and restored on a rollback or a start with a bad route file, and
        // JsonStringEnumConverter read "mode": 2 (or "2", or "legacy, new") as new.
        options.Converters.Add(new StrictEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
