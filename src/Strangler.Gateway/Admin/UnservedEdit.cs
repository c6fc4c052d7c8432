using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>
/// Keeps a route file's content that the gateway is not serving (a hand edit the reload rejected, or one not loaded
/// yet) before a flip or rollback rewrites the file from the serving table. The flip still goes through, since ops
/// flip to legacy in an incident and a typo elsewhere must not block that, but the operator's edit is not lost.
/// </summary>
internal static class UnservedEdit
{
    /// <summary>
    /// Suffix of the kept copy, <c>customers.json.rejected</c>: it does not end in <c>.json</c>, so neither
    /// <see cref="RouteValidator.LoadDirectory"/> nor the reload watcher ever reads it as a route file.
    /// </summary>
    public const string Suffix = ".rejected";

    /// <summary>
    /// Copies <c>{name}.json</c> to <c>{name}.json.rejected</c> (replacing an older copy) when its content is not
    /// <paramref name="serving"/>; returns the copy's file name, or null when the file is absent or is what serves.
    /// </summary>
    public static string? Keep(string directory, string name, RouteDefinition? serving)
    {
        var fileName = name + ".json";
        var path = Path.Combine(directory, fileName);
        byte[]? bytes;
        try
        {
            bytes = RouteFileBytes.ReadAtMost(path, RouteFileLimits.MaxFileBytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (bytes is not null)
        {
            var errors = new List<RouteValidationError>();
            var onDisk = RouteFileReader.Read(fileName, bytes, errors);
            // Formatting alone (what a flip rewrites anyway) is not an edit worth keeping, nor the revision alone: a hand
            // edit that kept its revision is served under the next one (RouteChanges.Renumber).
            if (errors.Count == 0 && onDisk is not null && serving is not null && RouteFileWriter.SameContent(onDisk with { Revision = serving.Revision }, serving))
            {
                return null;
            }
        }

        var copy = fileName + Suffix;
        var temp = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            // Copy, then rename: whoever opens the copy never sees half of it.
            File.Copy(path, temp);
            File.Move(temp, Path.Combine(directory, copy), overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        return copy;
    }
}
