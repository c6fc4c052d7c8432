using System.Globalization;

namespace Strangler.Sync.Reconcile.Reports;

/// <summary>
/// The reports directory: one folder per projection, one NDJSON file per run named by its UTC start time (so names
/// sort by age), each with its checkpoint beside it. A run never reuses another run's file, so a served report is
/// never cut from under a reader: only a resumed run cuts its own uncommitted tail.
/// </summary>
internal sealed class ReportDirectory(string root)
{
    private const string Extension = ".ndjson";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>
    /// The folder of <paramref name="projection"/>: its name escaped, so a name holding <c>/</c> or <c>..</c> stays
    /// inside <see cref="Root"/>.
    /// </summary>
    public string FolderOf(string projection)
    {
        var escaped = Uri.EscapeDataString(projection);
        return Path.Combine(Root, escaped.StartsWith('.') ? "%2E" + escaped[1..] : escaped);
    }

    /// <summary>The newest run of <paramref name="projection"/> that has a checkpoint (finished or not); null when none.</summary>
    public ReportRun? Latest(string projection)
    {
        var folder = FolderOf(projection);
        if (!System.IO.Directory.Exists(folder))
        {
            return null;
        }

        // A file without its checkpoint yet is a run in its first instant: the previous run is still the latest.
        foreach (var path in System.IO.Directory.EnumerateFiles(folder, "*" + Extension).OrderDescending(StringComparer.Ordinal))
        {
            if (Load(projection, path) is { } run)
            {
                return run;
            }
        }

        return null;
    }

    /// <summary>
    /// The report a new job of <paramref name="projection"/> writes: the newest run's own file while it is unfinished
    /// (so the job resumes it), otherwise a new file named by <paramref name="now"/>.
    /// </summary>
    public string PathForJob(string projection, bool restart, DateTimeOffset now)
    {
        if (!restart && Latest(projection) is { Complete: false } unfinished)
        {
            return unfinished.Path;
        }

        var name = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture).Replace(".", "", StringComparison.Ordinal)
            + "-" + Guid.NewGuid().ToString("N")[..8];
        return Path.Combine(FolderOf(projection), name + Extension);
    }

    /// <summary>
    /// The list of keys a load of <paramref name="projection"/> could not load: one file per projection at the root,
    /// so a load resumes its own, and outside the projection's folder, whose runs are reconcile reports the worker serves
    /// and a reconcile would resume.
    /// </summary>
    public string PathForLoad(string projection) => Path.Combine(Root, "load-" + Path.GetFileName(FolderOf(projection)) + Extension);

    private static ReportRun? Load(string projection, string path)
    {
        var checkpointPath = Reconciler.CheckpointPath(path);
        Checkpoint? checkpoint;
        try
        {
            checkpoint = Checkpoint.Load(checkpointPath);
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or InvalidDataException)
        {
            // Replaced between the existence check and the read, or not a reconcile checkpoint: not servable.
            return null;
        }

        if (checkpoint is null || checkpoint.Projection != projection)
        {
            return null;
        }

        return new ReportRun(projection, Path.GetFileNameWithoutExtension(path), path, checkpoint,
            new DateTimeOffset(File.GetLastWriteTimeUtc(checkpointPath), TimeSpan.Zero));
    }
}
