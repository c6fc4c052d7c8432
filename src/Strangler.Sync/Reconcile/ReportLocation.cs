namespace Strangler.Sync.Reconcile;

/// <summary>
/// Where a job's report goes: its folder made on the first run, and a report that cannot be written there refused
/// naming the path and why. The file system's own messages misled: a folder path through a file said "The file '...'
/// already exists." and a folder that cannot be made (under /proc) "Could not find file".
/// </summary>
internal static class ReportLocation
{
    /// <summary>Creates <paramref name="reportPath"/>'s folder when missing.</summary>
    /// <exception cref="IOException">The folder cannot be created; the message names the report and why.</exception>
    public static void EnsureFolder(string reportPath)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(reportPath)) is not { } folder)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(reportPath, ex);
        }
    }

    /// <summary>The error for a report (or a file beside it) that <paramref name="cause"/> kept from being opened for writing.</summary>
    public static IOException Unwritable(string reportPath, Exception cause) =>
        new($"the report '{reportPath}' cannot be written: {Why(reportPath, cause)}", cause);

    private static string Why(string reportPath, Exception cause)
    {
        var full = Path.GetFullPath(reportPath);
        if (Directory.Exists(full))
        {
            return "it is a folder";
        }

        var folder = Path.GetDirectoryName(full)!;
        for (var ancestor = folder; ancestor is not null; ancestor = Path.GetDirectoryName(ancestor))
        {
            if (File.Exists(ancestor))
            {
                return $"'{ancestor}' is a file, not a folder";
            }

            if (Directory.Exists(ancestor))
            {
                break;
            }
        }

        var reason = cause switch
        {
            UnauthorizedAccessException => "permission denied",
            // What a file system that takes no new entries (/proc, /sys) answers; "Could not find file" misleads.
            FileNotFoundException or DirectoryNotFoundException => "the file system there does not allow it",
            _ => cause.Message,
        };
        return Directory.Exists(folder)
            ? $"it cannot be created in its folder '{folder}' ({reason})"
            : $"its folder '{folder}' cannot be created ({reason})";
    }
}
