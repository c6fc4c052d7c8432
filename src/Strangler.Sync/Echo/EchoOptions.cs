namespace Strangler.Sync.Echo;

/// <summary>
/// Where the projection pipelines look up the backfill's own transactions so that its writes, captured by Debezium,
/// do not come back to the new service (section <c>Strangler:Sync:Echo</c>). When <see cref="Provider"/> is empty and
/// a backfill runs in the same worker, the filter reads the backfill's own legacy database; set <c>none</c> to turn
/// it off, or both settings when another worker's backfill writes the captured database.
/// </summary>
public sealed record EchoOptions
{
    /// <summary>
    /// <c>Strangler:Sync:Echo:Provider</c>: the captured legacy database's engine, <c>postgres</c>, <c>sqlserver</c> or
    /// <c>sqlite</c> (nothing to look up: the built-in capture skips the backfill's inserts and updates at the source
    /// and marks its deletes in the messages), or <c>none</c> (no filter); empty = the database of the worker's own
    /// backfill, if it runs one, else no filter.
    /// </summary>
    public string Provider { get; init; } = string.Empty;

    /// <summary>
    /// <c>Strangler:Sync:Echo:ConnectionString</c>: the legacy database holding <c>strangler_sync_origin</c> (SQL Server:
    /// with CDC enabled on that table); required for <c>postgres</c> and <c>sqlserver</c>; never logged.
    /// </summary>
    public string ConnectionString { get; init; } = string.Empty;
}
