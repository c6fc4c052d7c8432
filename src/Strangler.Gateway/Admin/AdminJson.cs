using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>JSON settings of the admin API and the history file; local so a host's own JSON settings stay untouched.</summary>
internal static class AdminJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>
    /// Escapes only what JSON requires (quotes, backslashes, control characters), so that an answer read with curl
    /// shows <c>+00:00</c>, <c>don't</c> and <c>Müller</c>, not <c>\u002B00:00</c>, <c>don\u0027t</c> and
    /// <c>M\u00FCller</c>: a change's <c>at</c> is written from the JsonNode the answer is built in, and the default
    /// encoder escapes the node's strings again. ASP.NET Core writes its own answers (the problems here, the dashboard's
    /// and the sync worker's JSON) with this encoder too, for the same reason: the JSON is a response body, served as
    /// <c>application/json</c>, not text pasted into an HTML page, where escaping <c>&lt;</c>, <c>&gt;</c> and
    /// <c>&amp;</c> would matter (the dashboard reads these with <c>JSON.parse</c>, which undoes any escape anyway).
    /// Keeping just those three escaped would take a JavaScriptEncoder of our own, with unsafe code: every built-in
    /// encoder that escapes them escapes <c>+</c> and <c>'</c> as well.
    /// </summary>
    public static JavaScriptEncoder ReadableEncoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static JsonSerializerOptions Create()
    {
        // Strict numbers and names as well (StoredJson): the history is acted on, and the web defaults read
        // "revision": "7" and "REVISION" alike, which the gateway never writes.
        var options = StoredJson.Strict(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = ReadableEncoder,
        });
        // Strict: the history is read back with these and restored on a rollback or a start with a bad route file, and
        // JsonStringEnumConverter read "mode": 2 (or "2", or "legacy, new") as new.
        options.Converters.Add(new StrictEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
