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

    /// <summary>
    /// The entries of the revisions <c>@revisions</c> (an array on PostgreSQL, a comma-separated list on SQL Server), in
    /// log order: what <c>routes apply</c> reads to tell which routes it would change were last changed through a
    /// replica. A route's revision is that of its last change, so these hold each replaced route's last entry and only
    /// the other entries of the same revisions, found through the index on the revision (0026), however long the
    /// history. Not one row per sub-domain picked in SQL (<c>DISTINCT ON</c> the change's <c>subdomain</c>): the
    /// sub-domain is inside the entry's JSON text, and parsing it in the query would fail the whole apply on one entry
    /// edited by hand into invalid JSON, which is read (and skipped) here as everywhere else.
    /// </summary>
    public required string ReadHistoryOfRevisions { get; init; }

    /// <summary>
    /// Replica <c>@id</c>'s heartbeat row's holder: its run, host, pid and start, the age of its last heartbeat in
    /// milliseconds by the database's clock, and whether it left; no row when none.
    /// </summary>
    public required string ReadReplicaHolder { get; init; }

    /// <summary>
    /// Upserts replica <c>@id</c>'s heartbeat as run <c>@run</c>'s (clearing a mark of leaving: a replica back under its
    /// id serves again), only where the row is absent or still held by run <c>@run</c> or <c>@observed</c> (the holder
    /// this run decided to take over, null for a row without a run), returning the id when written: compare-and-set, so
    /// two runs cannot both take a row over. Then deletes the heartbeats of replicas that left more than <c>@keep</c>
    /// milliseconds ago, or were last seen more than <c>@forget</c> milliseconds ago (crashed or killed without
    /// leaving, and never back under their id).
    /// </summary>
    public required string Heartbeat { get; init; }

    /// <summary>
    /// Every replica's heartbeat row, with the last process refused its id (<see cref="NoteRefused"/>); the refused run's
    /// id too, so that a refused process that later took the row over is not shown as refused by itself.
    /// </summary>
    public required string ReadReplicas { get; init; }

    /// <summary>
    /// Records on replica <c>@id</c>'s row that run <c>@run</c> (host <c>@host</c>, pid <c>@pid</c>) was refused the id
    /// now, by the database's clock; only on a row another run holds, and touching nothing of the holder's.
    /// </summary>
    public required string NoteRefused { get; init; }

    /// <summary>
    /// Upserts a replica's traffic figures and its rollout gates' slots (<c>@slots</c>, may be null), clearing a mark of
    /// leaving, and deletes the rows of replicas that left more than <c>@keep</c> milliseconds ago (by then no window
    /// reaches back to their figures) or last published more than <c>@forget</c> milliseconds ago (crashed, long gone).
    /// </summary>
    public required string PublishTraffic { get; init; }

    /// <summary>
    /// Replica <c>@id</c>'s own row's gate slots, as its previous run left them, and their age in milliseconds by the
    /// database's clock; no row when it holds none.
    /// </summary>
    public required string ReadOwnGateSlots { get; init; }

    /// <summary>A replica's last figures and slots, as <see cref="PublishTraffic"/>, marked as left (<c>left_at</c>).</summary>
    public required string LeaveTraffic { get; init; }

    /// <summary>
    /// Every replica's figures published within the last <c>@ms</c> milliseconds, with their age in milliseconds (both by
    /// the database's clock) and whether the replica left: the fresh ones are summed, the older ones named silent
    /// unless they left.
    /// </summary>
    public required string ReadTraffic { get; init; }

    /// <summary>
    /// Every replica's row published within the last <c>@horizon</c> milliseconds, with its age in milliseconds by the
    /// database's clock, so replicas whose clocks disagree still agree on which rows are fresh, its gate slots only
    /// when published within the last <c>@ms</c>, or within the last <c>@window</c> by a replica that left (a silent
    /// replica's are never summed, and may be kilobytes), and whether it left.
    /// </summary>
    public required string ReadGateSlots { get; init; }

    /// <summary>
    /// Marks replica <c>@id</c>'s heartbeat as left, as it stops cleanly, only while run <c>@run</c> holds it: a
    /// process refused the id must not mark the holder's row.
    /// </summary>
    public required string LeaveHeartbeat { get; init; }

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
        ReadHistoryOfRevisions = "SELECT seq, change FROM strangler_route_history WHERE revision = ANY(@revisions) ORDER BY seq",
        ReadReplicaHolder = """
            SELECT run_id, host, pid, started_at, CAST(EXTRACT(EPOCH FROM now() - last_seen) * 1000 AS bigint), left_at IS NOT NULL, address
            FROM strangler_gateway_replicas WHERE replica_id = @id
            """,
        Heartbeat = """
            INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_sync, last_seen, run_id, host, pid, started_at)
            VALUES (@id, @address, @revision, @lastSync, now(), @run, @host, @pid, @startedAt)
            ON CONFLICT (replica_id) DO UPDATE SET address = EXCLUDED.address, revision = EXCLUDED.revision,
                last_sync = EXCLUDED.last_sync, last_seen = EXCLUDED.last_seen, left_at = NULL, run_id = EXCLUDED.run_id,
                host = EXCLUDED.host, pid = EXCLUDED.pid, started_at = EXCLUDED.started_at
            WHERE strangler_gateway_replicas.run_id = EXCLUDED.run_id
                OR strangler_gateway_replicas.run_id IS NOT DISTINCT FROM CAST(@observed AS varchar)
            RETURNING replica_id;
            DELETE FROM strangler_gateway_replicas WHERE left_at < now() - @keep * interval '1 millisecond'
                OR last_seen < now() - @forget * interval '1 millisecond'
            """,
        ReadReplicas = """
            SELECT replica_id, address, revision, last_sync, last_seen, left_at, host, pid, started_at, run_id, refused_run, refused_host, refused_pid, refused_at,
                now()
            FROM strangler_gateway_replicas ORDER BY replica_id
            """,
        NoteRefused = """
            UPDATE strangler_gateway_replicas SET refused_run = @run, refused_host = @host, refused_pid = @pid, refused_at = now()
            WHERE replica_id = @id AND run_id IS DISTINCT FROM CAST(@run AS varchar)
            """,
        PublishTraffic = """
            INSERT INTO strangler_gateway_traffic (replica_id, figures, gate_slots, published_at) VALUES (@id, @figures, @slots, now())
            ON CONFLICT (replica_id) DO UPDATE SET figures = EXCLUDED.figures, gate_slots = EXCLUDED.gate_slots,
                published_at = EXCLUDED.published_at, left_at = NULL;
            DELETE FROM strangler_gateway_traffic WHERE left_at < now() - @keep * interval '1 millisecond'
                OR published_at < now() - @forget * interval '1 millisecond'
            """,
        ReadOwnGateSlots = """
            SELECT gate_slots, CAST(EXTRACT(EPOCH FROM now() - published_at) * 1000 AS bigint)
            FROM strangler_gateway_traffic WHERE replica_id = @id AND gate_slots IS NOT NULL
            """,
        LeaveTraffic = """
            INSERT INTO strangler_gateway_traffic (replica_id, figures, gate_slots, published_at, left_at) VALUES (@id, @figures, @slots, now(), now())
            ON CONFLICT (replica_id) DO UPDATE SET figures = EXCLUDED.figures, gate_slots = EXCLUDED.gate_slots,
                published_at = EXCLUDED.published_at, left_at = EXCLUDED.left_at
            """,
        ReadTraffic = """
            SELECT replica_id, figures, CAST(EXTRACT(EPOCH FROM now() - published_at) * 1000 AS bigint), left_at IS NOT NULL
            FROM strangler_gateway_traffic WHERE published_at > now() - @ms * interval '1 millisecond' ORDER BY replica_id
            """,
        ReadGateSlots = """
            SELECT replica_id, CAST(EXTRACT(EPOCH FROM now() - published_at) * 1000 AS bigint),
                CASE WHEN published_at > now() - @ms * interval '1 millisecond'
                    OR (left_at IS NOT NULL AND published_at > now() - @window * interval '1 millisecond') THEN gate_slots END,
                left_at IS NOT NULL
            FROM strangler_gateway_traffic WHERE published_at > now() - @horizon * interval '1 millisecond' ORDER BY replica_id
            """,
        LeaveHeartbeat = "UPDATE strangler_gateway_replicas SET left_at = now() WHERE replica_id = @id AND run_id = @run",
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
        ReadHistoryOfRevisions = """
            SELECT [seq], [change] FROM [strangler_route_history]
            WHERE [revision] IN (SELECT CAST([value] AS bigint) FROM STRING_SPLIT(@revisions, ',')) ORDER BY [seq]
            """,
        ReadReplicaHolder = """
            SELECT [run_id], [host], [pid], [started_at], CAST(DATEDIFF_BIG(millisecond, [last_seen], SYSDATETIMEOFFSET()) AS bigint),
                CAST(CASE WHEN [left_at] IS NULL THEN 0 ELSE 1 END AS bit), [address]
            FROM [strangler_gateway_replicas] WHERE [replica_id] = @id
            """,
        Heartbeat = """
            MERGE [strangler_gateway_replicas] WITH (HOLDLOCK) AS t
            USING (SELECT @id AS [replica_id]) AS s ON t.[replica_id] = s.[replica_id]
            WHEN MATCHED AND (t.[run_id] = @run OR t.[run_id] = @observed OR (t.[run_id] IS NULL AND @observed IS NULL))
                THEN UPDATE SET [address] = @address, [revision] = @revision, [last_sync] = @lastSync, [last_seen] = SYSDATETIMEOFFSET(),
                [left_at] = NULL, [run_id] = @run, [host] = @host, [pid] = @pid, [started_at] = @startedAt
            WHEN NOT MATCHED THEN INSERT ([replica_id], [address], [revision], [last_sync], [last_seen], [run_id], [host], [pid], [started_at])
                VALUES (@id, @address, @revision, @lastSync, SYSDATETIMEOFFSET(), @run, @host, @pid, @startedAt)
            OUTPUT inserted.[replica_id];
            DELETE FROM [strangler_gateway_replicas] WHERE [left_at] < DATEADD(millisecond, -@keep, SYSDATETIMEOFFSET())
                OR [last_seen] < DATEADD(millisecond, -@forget, SYSDATETIMEOFFSET());
            """,
        ReadReplicas = """
            SELECT [replica_id], [address], [revision], [last_sync], [last_seen], [left_at], [host], [pid], [started_at], [run_id], [refused_run],
                [refused_host], [refused_pid], [refused_at], SYSDATETIMEOFFSET()
            FROM [strangler_gateway_replicas] ORDER BY [replica_id]
            """,
        NoteRefused = """
            UPDATE [strangler_gateway_replicas] SET [refused_run] = @run, [refused_host] = @host, [refused_pid] = @pid, [refused_at] = SYSDATETIMEOFFSET()
            WHERE [replica_id] = @id AND ([run_id] IS NULL OR [run_id] <> @run)
            """,
        PublishTraffic = """
            MERGE [strangler_gateway_traffic] WITH (HOLDLOCK) AS t
            USING (SELECT @id AS [replica_id]) AS s ON t.[replica_id] = s.[replica_id]
            WHEN MATCHED THEN UPDATE SET [figures] = @figures, [gate_slots] = @slots, [published_at] = SYSDATETIMEOFFSET(), [left_at] = NULL
            WHEN NOT MATCHED THEN INSERT ([replica_id], [figures], [gate_slots], [published_at]) VALUES (@id, @figures, @slots, SYSDATETIMEOFFSET());
            DELETE FROM [strangler_gateway_traffic] WHERE [left_at] < DATEADD(millisecond, -@keep, SYSDATETIMEOFFSET())
                OR [published_at] < DATEADD(millisecond, -@forget, SYSDATETIMEOFFSET());
            """,
        ReadOwnGateSlots = """
            SELECT [gate_slots], CAST(DATEDIFF_BIG(millisecond, [published_at], SYSDATETIMEOFFSET()) AS bigint)
            FROM [strangler_gateway_traffic] WHERE [replica_id] = @id AND [gate_slots] IS NOT NULL
            """,
        LeaveTraffic = """
            MERGE [strangler_gateway_traffic] WITH (HOLDLOCK) AS t
            USING (SELECT @id AS [replica_id]) AS s ON t.[replica_id] = s.[replica_id]
            WHEN MATCHED THEN UPDATE SET [figures] = @figures, [gate_slots] = @slots, [published_at] = SYSDATETIMEOFFSET(),
                [left_at] = SYSDATETIMEOFFSET()
            WHEN NOT MATCHED THEN INSERT ([replica_id], [figures], [gate_slots], [published_at], [left_at])
                VALUES (@id, @figures, @slots, SYSDATETIMEOFFSET(), SYSDATETIMEOFFSET());
            """,
        ReadTraffic = """
            SELECT [replica_id], [figures], CAST(DATEDIFF_BIG(millisecond, [published_at], SYSDATETIMEOFFSET()) AS bigint),
                CAST(CASE WHEN [left_at] IS NULL THEN 0 ELSE 1 END AS bit)
            FROM [strangler_gateway_traffic] WHERE [published_at] > DATEADD(millisecond, -@ms, SYSDATETIMEOFFSET()) ORDER BY [replica_id]
            """,
        ReadGateSlots = """
            SELECT [replica_id], CAST(DATEDIFF_BIG(millisecond, [published_at], SYSDATETIMEOFFSET()) AS bigint),
                CASE WHEN [published_at] > DATEADD(millisecond, -@ms, SYSDATETIMEOFFSET())
                    OR ([left_at] IS NOT NULL AND [published_at] > DATEADD(millisecond, -@window, SYSDATETIMEOFFSET())) THEN [gate_slots] END,
                CAST(CASE WHEN [left_at] IS NULL THEN 0 ELSE 1 END AS bit)
            FROM [strangler_gateway_traffic] WHERE [published_at] > DATEADD(millisecond, -@horizon, SYSDATETIMEOFFSET()) ORDER BY [replica_id]
            """,
        LeaveHeartbeat = "UPDATE [strangler_gateway_replicas] SET [left_at] = SYSDATETIMEOFFSET() WHERE [replica_id] = @id AND [run_id] = @run",
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
