namespace Strangler.Sync.Reconcile;

/// <summary>One line of a reconcile report: a key whose two sides do not agree, or could not be checked.</summary>
internal sealed record Finding
{
    /// <summary>Stable id, <c>&lt;projection&gt;:&lt;kind&gt;:&lt;key&gt;</c>: the same finding has the same id in every run.</summary>
    public required string Id { get; init; }

    /// <summary>The projection checked.</summary>
    public required string Projection { get; init; }

    /// <summary>One of <see cref="FindingKind"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The document id (the root row's key).</summary>
    public required object Key { get; init; }

    /// <summary>The fields that differ (kind <c>different</c>).</summary>
    public IReadOnlyList<FieldDifference> Fields { get; init; } = [];

    /// <summary>Why the key could not be checked (kind <c>error</c>), or why a repair left it as it is.</summary>
    public string? Error { get; init; }

    /// <summary>The side repaired (<c>new</c> or <c>legacy</c>) when the run repaired it; null otherwise.</summary>
    public string? Repaired { get; init; }

    /// <summary>A finding for <paramref name="key"/>.</summary>
    public static Finding Of(string projection, string kind, object key) =>
        new() { Id = $"{projection}:{kind}:{Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture)}", Projection = projection, Kind = kind, Key = key };
}
