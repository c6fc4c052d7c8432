using System.Text.Encodings.Web;
using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>Writes route files in the same shape <see cref="RouteFileReader"/> reads, atomically.</summary>
internal static class RouteFileWriter
{
    // Only the escapes JSON requires: ops read and edit these files by hand, and the default encoder wrote a link's
    // "?a=1&b=2" as "?a=1\u0026b=2" and "Müller" as "M\u00FCller" the first time a flip rewrote the file.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(RouteDefinition route)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            json.WriteString("name", route.Name);
            json.WriteStartArray("paths");
            foreach (var path in route.Paths)
            {
                json.WriteStringValue(path);
            }

            json.WriteEndArray();
            json.WriteString("legacy", route.Legacy);
            json.WriteString("new", route.New);
            json.WriteString("mode", RouteModes.ToText(route.Mode));
            json.WriteNumber("canaryPercentage", route.CanaryPercentage);
            if (route.Cohort is not null)
            {
                json.WriteString("cohort", route.Cohort);
            }

            if (route.UserKey is { } key)
            {
                json.WriteStartObject("userKey");
                json.WriteString("source", key.Kind.ToString().ToLowerInvariant());
                json.WriteString("name", key.Name);
                json.WriteEndObject();
            }

            json.WriteBoolean("fallbackToLegacy", route.FallbackToLegacy);
            json.WriteNumber("revision", route.Revision);
            if (route.Rollout is { } plan)
            {
                Rollout.Plan.RolloutPlanWriter.Write(json, plan);
            }

            if (route.Shadow is { } shadow)
            {
                ShadowBlockWriter.Write(json, shadow);
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Content equality, ignoring formatting: two definitions that would write the same file.</summary>
    public static bool SameContent(RouteDefinition? a, RouteDefinition? b) =>
        a is not null && b is not null && Serialize(a).AsSpan().SequenceEqual(Serialize(b));

    /// <summary>Writes to a temporary file in the same directory and renames it over the target, so a reader
    /// (or the file watcher) never sees a half-written route file.</summary>
    public static void WriteAtomically(string directory, RouteDefinition route)
    {
        var target = Path.Combine(directory, route.Name + ".json");
        var temp = Path.Combine(directory, $".{route.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Serialize(route));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
