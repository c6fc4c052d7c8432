namespace Strangler.Sync.Reconcile;

/// <summary>The outcome of a reconcile run: keys checked and findings by kind (over the whole job when it was resumed).</summary>
public sealed record ReconcileSummary
{
    /// <summary>The projection checked.</summary>
    public required string Projection { get; init; }

    /// <summary>Keys checked: legacy keys, then the store's ids (a key on both sides counts twice).</summary>
    public long KeysChecked { get; init; }

    /// <summary>
    /// Of <see cref="KeysChecked"/>, the legacy keys; the rest are the store's ids. Null when a job resumed from a
    /// checkpoint of an earlier version, which did not keep them apart.
    /// </summary>
    public long? LegacyKeysChecked { get; init; }

    /// <summary>Findings by kind (<see cref="FindingKind"/>).</summary>
    public IReadOnlyDictionary<string, long> Findings { get; init; } = new Dictionary<string, long>();

    /// <summary>Findings repaired.</summary>
    public long Repaired { get; init; }

    /// <summary>The NDJSON report.</summary>
    public required string ReportPath { get; init; }

    /// <summary>How long this run took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>All findings.</summary>
    public long TotalFindings => Findings.Values.Sum();
}
