namespace Strangler.Sync.Backfill;

/// <summary>Settings of the backfill: the legacy database and the mapping per event type (section <c>Strangler:Backfill</c>).</summary>
public sealed record BackfillOptions
{
    /// <summary>The pipeline name for metrics and the status endpoint, e.g. <c>customers-backfill</c>.</summary>
    public string Pipeline { get; init; } = "customers-backfill";

    /// <summary>The legacy database engine: <c>sqlserver</c>, <c>postgres</c> or <c>sqlite</c>.</summary>
    public string Provider { get; init; } = "";

    /// <summary>Connection string of the legacy database (never logged).</summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>Declared mappings, by event type.</summary>
    public IReadOnlyDictionary<string, EventMappingOptions> Mappings { get; init; } = new Dictionary<string, EventMappingOptions>();

    /// <summary>
    /// What to do with an event type that has no mapping: <c>deadletter</c> (default: a new event type is noticed) or
    /// <c>skip</c> (events the legacy database does not need).
    /// </summary>
    public string Unmapped { get; init; } = "deadletter";
}
