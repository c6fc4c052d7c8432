using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strangler.Gateway.Admin;

/// <summary>JSON settings of the admin API and the history file; local so a host's own JSON settings stay untouched.</summary>
internal static class AdminJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
