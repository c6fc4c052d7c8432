namespace Strangler.Sync.Reconcile;

/// <summary>One reconcile job.</summary>
public sealed record ReconcileRequest
{
    /// <summary>The projection's name.</summary>
    public required string Projection { get; init; }

    /// <summary>The NDJSON report; its checkpoint is kept beside it (<c>.checkpoint</c>).</summary>
    public required string ReportPath { get; init; }

    /// <summary>The side to repair: <c>new</c>, <c>legacy</c>, or null to only report.</summary>
    public string? Repair { get; init; }

    /// <summary>Start over even when a checkpoint of an unfinished job exists.</summary>
    public bool Restart { get; init; }
}
