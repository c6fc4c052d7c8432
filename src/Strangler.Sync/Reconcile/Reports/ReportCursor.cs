namespace Strangler.Sync.Reconcile.Reports;

/// <summary>Where a reader of a report is: after the line ending at byte <see cref="Offset"/> of run <see cref="Run"/>.</summary>
internal readonly record struct ReportCursor(string Projection, string Run, long Offset);
