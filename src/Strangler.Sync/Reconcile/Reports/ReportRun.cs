namespace Strangler.Sync.Reconcile.Reports;

/// <summary>
/// One reconcile run's report in the reports directory, as its checkpoint last saw it. Only the first
/// <see cref="CommittedBytes"/> are served: lines written after the last checkpoint may be cut and written again
/// when a killed job resumes, while the committed part of a run never changes.
/// </summary>
internal sealed record ReportRun(string Projection, string Name, string Path, Checkpoint Checkpoint, DateTimeOffset UpdatedAt)
{
    /// <summary>The job finished both phases.</summary>
    public bool Complete => Checkpoint.Phase >= 3;

    /// <summary><c>complete</c>, or <c>running</c> (also a job stopped before it finished, until it is resumed).</summary>
    public string State => Complete ? "complete" : "running";

    /// <summary>The report's length up to the last batch done: whole lines only.</summary>
    public long CommittedBytes => Checkpoint.ReportBytes;
}
