using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The fleet store's statements in each engine's own form. Times that decide anything (lease expiry) come from the
/// database's clock, so replicas whose clocks disagree still agree on who holds a lease.
/// </summary>
internal sealed record FleetStatements
{
    /// <summary>The PostgreSQL channel a commit notifies, with the new revision as payload.</summary>
    public const string Channel = "strangler_route_state";

    public required string ReadState { get; init; }

    public required string ReadRevision { get; init; }

    /// <summary>Compare-and-set: changes one row only when the revision is still the expected one.</summary>
    public required string CompareAndSet { get; init; }

    public required string AppendHistory { get; init; }

    /// <summary>Run in the committing transaction, after the write; null where the engine cannot notify.</summary>
    public string? Notify { get; init; }

    public required string ReadHistory { get; init; }

    public required string Heartbeat { get; init; }

    public required string ReadReplicas { get; init; }

    /// <summary>Upserts a replica's traffic figures and its rollout gates' slots (<c>@slots</c>, may be null).</summary>
    public required string PublishTraffic { get; init; }

    /// <summary>
    /// Every replica's figures published within the last <c>@ms</c> milliseconds, with their age in milliseconds (both by
    /// the database's clock): the fresh ones are summed, the older ones named silent.
    /// </summary>
    public required string ReadTraffic { get; init; }

    /// <summary>
    /// Every replica's row published within the last <c>@horizon</c> milliseconds, with its age in milliseconds by the
    /// database's clock, so replicas whose clocks disagree still agree on which rows are fresh, and its gate slots only
    /// when published within the last <c>@ms</c> (a silent replica's are never summed, and may be kilobytes).
    /// </summary>
    public required string ReadGateSlots { get; init; }

    /// <summary>Removes replica <c>@id</c>'s heartbeat, as it stops cleanly: it no longer serves.</summary>
    public required string RemoveHeartbeat { get; init; }

    /// <summary>Removes replica <c>@id</c>'s traffic row, as it stops cleanly: it is then gone, not silent.</summary>
    public required string RemoveTraffic { get; init; }

    /// <summary>Takes or renews a lease; returns a row only when this holder has it afterwards.</summary>
    public required string AcquireLease { get; init; }

    public required string ReleaseLease { get; init; }

    public static FleetStatements For(LegacyProvider provider) => provider switch
    {
        LegacyProvider.Postgres => Postgres,
        LegacyProvider.SqlServer => SqlServer,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "The fleet store runs on postgres or sqlserver."),
    };

    private static readonly FleetStatements Postgres = new()
    {
        ReadState = "SELECT revision, routes, updated_at FROM strangler_route_state WHERE id = 1",
        ReadRevision = "SELECT revision FROM strangler_route_state WHERE id = 1",
        CompareAndSet = "UPDATE strangler_route_state SET revision = @revision, routes = @routes, updated_at = now() WHERE id = 1 AND revision = @expected",
        AppendHistory = "INSERT INTO strangler_route_history (revision, change) VALUES (@revision, @change)",
        Notify = $"SELECT pg_notify('{Channel}', @revision::text)",
        ReadHistory = "SELECT seq, change FROM strangler_route_history WHERE seq > @after ORDER BY seq",
        Heartbeat = """
            INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_sync, last_seen)
            VALUES (@id, @address, @revision, @lastSync, now())
            ON CONFLICT (replica_id) DO UPDATE SET address = EXCLUDED.address, revision = EXCLUDED.revision,
                last_sync = EXCLUDED.last_sync, last_seen = EXCLUDED.last_seen
            """,
        ReadReplicas = "SELECT replica_id, address, revision, last_sync, last_seen FROM strangler_gateway_replicas ORDER BY replica_id",
        PublishTraffic = """
            INSERT INTO strangler_gateway_traffic (replica_id, figures, gate_slots, published_at) VALUES (@id, @figures, @slots, now())
            ON CONFLICT (replica_id) DO UPDATE SET figures = EXCLUDED.figures, gate_slots = EXCLUDED.gate_slots,
                published_at = EXCLUDED.published_at
            """,
        ReadTraffic = """
            SELECT replica_id, figures, CAST(EXTRACT(EPOCH FROM now() - published_at) * 1000 AS bigint) FROM strangler_gateway_traffic
            WHERE published_at > now() - @ms * interval '1 millisecond' ORDER BY replica_id
            """,
        ReadGateSlots = """
            SELECT replica_id, CAST(EXTRACT(EPOCH FROM now() - published_at) * 1000 AS bigint),
                CASE WHEN published_at > now() - @ms * interval '1 millisecond' THEN gate_slots END
            FROM strangler_gateway_traffic WHERE published_at > now() - @horizon * interval '1 millisecond' ORDER BY replica_id
            """,
        RemoveHeartbeat = "DELETE FROM strangler_gateway_replicas WHERE replica_id = @id",
        RemoveTraffic = "DELETE FROM strangler_gateway_traffic WHERE replica_id = @id",
        AcquireLease = """
            INSERT INTO strangler_fleet_leases (name, holder, expires_at)
            VALUES (@name, @holder, now() + @ms * interval '1 millisecond')
            ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
            WHERE strangler_fleet_leases.holder = EXCLUDED.holder OR strangler_fleet_leases.expires_at < now()
            RETURNING holder
            """,
        ReleaseLease = "DELETE FROM strangler_fleet_leases WHERE name = @name AND holder = @holder",
    };

    private static readonly FleetStatements SqlServer = new()
    {
        ReadState = "SELECT [revision], [routes], [updated_at] FROM [strangler_route_state] WHERE [id] = 1",
        ReadRevision = "SELECT [revision] FROM [strangler_route_state] WHERE [id] = 1",
        CompareAndSet = "UPDATE [strangler_route_state] SET [revision] = @revision, [routes] = @routes, [updated_at] = SYSDATETIMEOFFSET() WHERE [id] = 1 AND [revision] = @expected",
        AppendHistory = "INSERT INTO [strangler_route_history] ([revision], [change]) VALUES (@revision, @change)",
        ReadHistory = "SELECT [seq], [change] FROM [strangler_route_history] WHERE [seq] > @after ORDER BY [seq]",
        Heartbeat = """
            MERGE [strangler_gateway_replicas] WITH (HOLDLOCK) AS t
            USING (SELECT @id AS [replica_id]) AS s ON t.[replica_id] = s.[replica_id]
            WHEN MATCHED THEN UPDATE SET [address] = @address, [revision] = @revision, [last_sync] = @lastSync, [last_seen] = SYSDATETIMEOFFSET()
            WHEN NOT MATCHED THEN INSERT ([replica_id], [address], [revision], [last_sync], [last_seen])
                VALUES (@id, @address, @revision, @lastSync, SYSDATETIMEOFFSET());
            """,
        ReadReplicas = "SELECT [replica_id], [address], [revision], [last_sync], [last_seen] FROM [strangler_gateway_replicas] ORDER BY [replica_id]",
        PublishTraffic = """
            MERGE [strangler_gateway_traffic] WITH (HOLDLOCK) AS t
            USING (SELECT @id AS [replica_id]) AS s ON t.[replica_id] = s.[replica_id]
            WHEN MATCHED THEN UPDATE SET [figures] = @figures, [gate_slots] = @slots, [published_at] = SYSDATETIMEOFFSET()
            WHEN NOT MATCHED THEN INSERT ([replica_id], [figures], [gate_slots], [published_at]) VALUES (@id, @figures, @slots, SYSDATETIMEOFFSET());
            """,
        ReadTraffic = """
            SELECT [replica_id], [figures], CAST(DATEDIFF_BIG(millisecond, [published_at], SYSDATETIMEOFFSET()) AS bigint)
            FROM [strangler_gateway_traffic] WHERE [published_at] > DATEADD(millisecond, -@ms, SYSDATETIMEOFFSET()) ORDER BY [replica_id]
            """,
        ReadGateSlots = """
            SELECT [replica_id], CAST(DATEDIFF_BIG(millisecond, [published_at], SYSDATETIMEOFFSET()) AS bigint),
                CASE WHEN [published_at] > DATEADD(millisecond, -@ms, SYSDATETIMEOFFSET()) THEN [gate_slots] END
            FROM [strangler_gateway_traffic] WHERE [published_at] > DATEADD(millisecond, -@horizon, SYSDATETIMEOFFSET()) ORDER BY [replica_id]
            """,
        RemoveHeartbeat = "DELETE FROM [strangler_gateway_replicas] WHERE [replica_id] = @id",
        RemoveTraffic = "DELETE FROM [strangler_gateway_traffic] WHERE [replica_id] = @id",
        AcquireLease = """
            MERGE [strangler_fleet_leases] WITH (HOLDLOCK) AS t
            USING (SELECT @name AS [name]) AS s ON t.[name] = s.[name]
            WHEN MATCHED AND (t.[holder] = @holder OR t.[expires_at] < SYSDATETIMEOFFSET())
                THEN UPDATE SET [holder] = @holder, [expires_at] = DATEADD(millisecond, @ms, SYSDATETIMEOFFSET())
            WHEN NOT MATCHED THEN INSERT ([name], [holder], [expires_at])
                VALUES (@name, @holder, DATEADD(millisecond, @ms, SYSDATETIMEOFFSET()))
            OUTPUT inserted.[holder];
            """,
        ReleaseLease = "DELETE FROM [strangler_fleet_leases] WHERE [name] = @name AND [holder] = @holder",
    };
}
