namespace Strangler.Gateway.Fleet;

/// <summary>
/// The replicas' heartbeat rows (<c>strangler_gateway_replicas</c>): who holds a replica id (its run, host and pid,
/// <see cref="ReplicaClaim"/>), the heartbeat written only by that run, the list <c>strangler routes replicas</c> and the
/// fleet panel read, the mark of a clean stop, and the note of a process refused the id.
/// </summary>
internal sealed partial class RouteStateStore
{
    /// <summary>Who holds <paramref name="replicaId"/>'s heartbeat row; null when there is none.</summary>
    public Task<ReplicaHolder?> ReadReplicaHolderAsync(string replicaId, CancellationToken cancellationToken) => Bounded(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.ReadReplicaHolder, ("id", replicaId));
        await using var reader = await command.ExecuteReaderAsync(token);
        if (!await reader.ReadAsync(token))
        {
            return null;
        }

        return new ReplicaHolder
        {
            RunId = reader.IsDBNull(0) ? null : reader.GetString(0), Host = reader.IsDBNull(1) ? null : reader.GetString(1),
            ProcessId = reader.IsDBNull(2) ? null : reader.GetInt32(2), StartedAt = reader.IsDBNull(3) ? null : Time(reader.GetValue(3)),
            Age = TimeSpan.FromMilliseconds(Math.Max(0, reader.GetInt64(4))), Left = reader.GetBoolean(5),
            Address = reader.IsDBNull(6) || reader.GetString(6).Length == 0 ? null : reader.GetString(6),
        };
    }, cancellationToken);

    /// <summary>
    /// Upserts <paramref name="heartbeat"/> as <paramref name="run"/>'s, only if the row is absent or held by that run or
    /// by <paramref name="observedRun"/> (the holder it takes over; null for a row without a run): false when another
    /// run got there first. Deletes the heartbeats of replicas that left more than <paramref name="keepLeft"/> ago, or
    /// were last seen more than <paramref name="forget"/> ago.
    /// </summary>
    public Task<bool> WriteHeartbeatAsync(ReplicaHeartbeat heartbeat, ReplicaRun run, string? observedRun, TimeSpan keepLeft, TimeSpan forget,
        CancellationToken cancellationToken) => Bounded(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.Heartbeat, ("id", heartbeat.ReplicaId), ("address", heartbeat.Address),
            ("revision", heartbeat.Revision), ("lastSync", (object?)heartbeat.LastSync ?? DBNull.Value),
            ("run", run.RunId), ("host", run.Host), ("pid", run.ProcessId), ("startedAt", run.StartedAt.ToUniversalTime()),
            ("observed", (object?)observedRun ?? DBNull.Value),
            ("keep", (long)keepLeft.TotalMilliseconds), ("forget", (long)forget.TotalMilliseconds));
        return await command.ExecuteScalarAsync(token) is string;
    }, cancellationToken);

    public Task<IReadOnlyList<ReplicaHeartbeat>> ReadReplicasAsync(CancellationToken cancellationToken) =>
        Bounded<IReadOnlyList<ReplicaHeartbeat>>(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.ReadReplicas);
        await using var reader = await command.ExecuteReaderAsync(token);
        var replicas = new List<ReplicaHeartbeat>();
        while (await reader.ReadAsync(token))
        {
            var replica = new ReplicaHeartbeat
            {
                ReplicaId = reader.GetString(0), Address = reader.GetString(1), Revision = reader.GetInt64(2),
                LastSync = reader.IsDBNull(3) ? null : Time(reader.GetValue(3)), LastSeen = Time(reader.GetValue(4)),
                LeftAt = reader.IsDBNull(5) ? null : Time(reader.GetValue(5)),
                Host = reader.IsDBNull(6) ? null : reader.GetString(6), ProcessId = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                StartedAt = reader.IsDBNull(8) ? null : Time(reader.GetValue(8)), ReadAt = Time(reader.GetValue(14)),
            };
            // A refused process that later took the row over (the holder left) is not a duplicate of itself.
            var holder = reader.IsDBNull(9) ? null : reader.GetString(9);
            var refused = reader.IsDBNull(10) ? null : reader.GetString(10);
            replicas.Add(refused is null || refused == holder || reader.IsDBNull(13) ? replica : replica with
            {
                RefusedHost = reader.IsDBNull(11) ? null : reader.GetString(11),
                RefusedProcessId = reader.IsDBNull(12) ? null : reader.GetInt32(12),
                RefusedAt = Time(reader.GetValue(13)),
            });
        }

        return replicas;
    }, cancellationToken);

    /// <summary>
    /// Records on <paramref name="replicaId"/>'s row, held by another run, that <paramref name="run"/> was refused the id,
    /// so that <c>strangler routes replicas</c> shows the duplicate and not only the refused process's own log.
    /// </summary>
    public Task NoteRefusedAsync(string replicaId, ReplicaRun run, CancellationToken cancellationToken) => Bounded(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.NoteRefused, ("id", replicaId), ("run", run.RunId), ("host", run.Host),
            ("pid", run.ProcessId));
        await command.ExecuteNonQueryAsync(token);
    }, cancellationToken);

    /// <summary>Marks <paramref name="replicaId"/>'s heartbeat as left, if <paramref name="runId"/> holds it: it stopped cleanly.</summary>
    public Task LeaveHeartbeatAsync(string replicaId, string runId, CancellationToken cancellationToken) => Bounded(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.LeaveHeartbeat, ("id", replicaId), ("run", runId));
        await command.ExecuteNonQueryAsync(token);
    }, cancellationToken);
}
