namespace Strangler.Sync.Reconcile.Reports;

/// <summary>The report endpoints' wire contract: paths, the query parameter and the response headers.</summary>
internal static class ReportHeaders
{
    public const string Prefix = "/_strangler/sync/reconcile";

    /// <summary>The query parameter that carries a continuation token.</summary>
    public const string CursorParameter = "cursor";

    /// <summary>The run served (its file name without extension).</summary>
    public const string Run = "X-Strangler-Report-Run";

    /// <summary><c>complete</c> or <c>running</c>.</summary>
    public const string State = "X-Strangler-Report-State";

    /// <summary>When the run's checkpoint last moved (ISO 8601, UTC).</summary>
    public const string Updated = "X-Strangler-Report-Updated";

    public static string ReportPath(string projection) => $"{Prefix}/{Uri.EscapeDataString(projection)}/report";
}
