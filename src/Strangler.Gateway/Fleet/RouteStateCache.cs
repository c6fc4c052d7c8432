using System.Text.Json;
using Strangler.Json;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The last route state this replica received, on local disk, so that a replica started while the store is down
/// serves what the fleet last agreed on rather than nothing. Written atomically (temp file, rename).
/// </summary>
internal static class RouteStateCache
{
    private sealed record Document(long Revision, DateTimeOffset UpdatedAt, JsonElement Routes);

    public static void Write(string path, RouteState state)
    {
        using var routes = JsonDocument.Parse(RouteStateJson.Serialize(state.Routes));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new Document(state.Revision, state.UpdatedAt, routes.RootElement));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The cached state; null when there is none or it cannot be used (said in <paramref name="problem"/>).</summary>
    public static RouteState? TryRead(string path, out string? problem)
    {
        problem = null;
        if (!File.Exists(path))
        {
            problem = "no cache file";
            return null;
        }

        byte[] bytes = [];
        try
        {
            bytes = File.ReadAllBytes(path);
            var document = JsonSerializer.Deserialize<Document>(bytes);
            if (document is null)
            {
                problem = "the cache file is empty";
                return null;
            }

            var parsed = RouteStateJson.Parse(document.Routes.GetRawText());
            if (!parsed.IsValid)
            {
                problem = string.Join("; ", parsed.Errors);
                return null;
            }

            return new RouteState { Revision = document.Revision, Routes = parsed.Routes, UpdatedAt = document.UpdatedAt };
        }
        catch (JsonException ex)
        {
            // The route files' numbering (from 1, in characters), not the reader's 0-based line and byte.
            problem = "the cache file is not valid " + JsonErrorPosition.Describe(bytes, ex);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
            return null;
        }
    }
}
