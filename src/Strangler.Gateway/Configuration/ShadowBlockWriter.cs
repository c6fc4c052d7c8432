using System.Globalization;
using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>Writes the <c>shadow</c> block in the shape <see cref="ShadowBlockReader"/> reads, so a flip keeps it.</summary>
internal static class ShadowBlockWriter
{
    public static void Write(Utf8JsonWriter json, ShadowSettings shadow)
    {
        json.WriteStartObject("shadow");
        json.WriteNumber("percentage", shadow.Percentage);
        Strings(json, "methods", shadow.Methods);
        json.WriteNumber("maxBodyBytes", shadow.MaxBodyBytes);
        json.WriteString("timeout", shadow.Timeout.ToString("c", CultureInfo.InvariantCulture));
        json.WriteNumber("maxConcurrency", shadow.MaxConcurrency);
        json.WriteNumber("queueLength", shadow.QueueLength);
        Strings(json, "ignore", shadow.Ignore);
        Strings(json, "compareHeaders", shadow.CompareHeaders);
        Strings(json, "ignoreHeaders", shadow.IgnoreHeaders);
        Strings(json, "arraysAsSets", shadow.ArraysAsSets);
        json.WriteNumber("noisePercentage", shadow.NoisePercentage);
        Strings(json, "redactHeaders", shadow.RedactHeaders);
        Strings(json, "redactFields", shadow.RedactFields);
        json.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
