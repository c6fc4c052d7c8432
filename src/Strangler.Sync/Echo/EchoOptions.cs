namespace Strangler.Sync.Echo;

/// <summary>
/// Where the projection pipelines look up the backfill's own transactions so that its writes, captured by Debezium,
/// do not come back to the new service (section <c>Strangler:Sync:Echo</c>). Leave <see cref="Provider"/> empty
/// when nothing writes back into the captured database.
/// </summary>
public sealed record EchoOptions
{
    /// <summary>
    /// <c>Strangler:Sync:Echo:Provider</c>: the captured legacy database's engine, <c>postgres</c>, <c>sqlserver</c> or
    /// <c>sqlite</c> (nothing to look up: the built-in capture skips backfill writes at the source); empty = no filter.
    /// </summary>
    public string Provider { get; init; } = string.Empty;

    /// <summary>
    /// <c>Strangler:Sync:Echo:ConnectionString</c>: the legacy database holding <c>strangler_sync_origin</c> (SQL Server:
    /// with CDC enabled on that table); required for <c>postgres</c> and <c>sqlserver</c>; never logged.
    /// </summary>
    public string ConnectionString { get; init; } = string.Empty;
}
