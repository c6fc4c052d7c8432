using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The fleet's shared route state in a SQL database (the tables of <c>migrations/*/0020_gateway_fleet.sql</c>): one
/// row holding the route table and its revision, changed only by compare-and-set, with the history appended in the
/// same transaction, so the table and its log never disagree. Used by the gateway replicas and by the CLI.
/// A replica's store (<see cref="From"/>) puts a <see cref="StoreDeadline"/> on every statement but the commit, and
/// caps its connection pool at <see cref="ReplicaPoolSize"/>.
/// </summary>
internal sealed partial class RouteStateStore(LegacyProvider provider, string connectionString, StoreDeadline? deadline = null)
{
    /// <summary>
    /// A replica's pool size when the connection string sets none (the drivers' default is 100). A replica needs a few
    /// at once (the listener, a commit, a catch-up, the heartbeat, a lease, traffic, a dashboard read); without a cap,
    /// a burst of dashboard readers on each replica could take the database's whole <c>max_connections</c> (100 by
    /// default on PostgreSQL), and then every replica's flips fail with "too many clients".
    /// </summary>
    public const int ReplicaPoolSize = 10;

    private readonly ISqlDialect _dialect = SqlDialects.For(provider);
    private readonly FleetStatements _sql = FleetStatements.For(provider);

    public LegacyProvider Provider => provider;

    public string ConnectionString => connectionString;

    /// <summary>A replica's store named by options, e.g. <c>postgres</c>: statements with deadlines, a capped pool.</summary>
    public static RouteStateStore From(FleetOptions options)
    {
        var provider = SqlDialects.ParseProvider(options.Store!);
        return new(provider, WithPoolCap(provider, options.ConnectionString!), new StoreDeadline(options.StoreTimeout));
    }

    /// <summary><paramref name="connectionString"/> with a pool of <see cref="ReplicaPoolSize"/>, unless it sets its own.</summary>
    internal static string WithPoolCap(LegacyProvider provider, string connectionString)
    {
        // Each driver spells it its own way: Npgsql refuses SqlClient's "Max Pool Size", SqlClient Npgsql's.
        var key = provider == LegacyProvider.Postgres ? "Maximum Pool Size" : "Max Pool Size";
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        // Appended rather than set through the builder, which rewrites the other keys in lower case.
        return PoolSizeKeys.Any(builder.ContainsKey)
            ? connectionString
            : $"{connectionString.TrimEnd().TrimEnd(';')};{key}={ReplicaPoolSize}";
    }

    // The spellings the two drivers accept (keys compare case-insensitively).
    private static readonly string[] PoolSizeKeys = ["Max Pool Size", "Maximum Pool Size", "MaxPoolSize"];

    /// <summary>The current state; throws <see cref="InvalidDataException"/> when the stored routes are invalid.</summary>
    public Task<RouteState> LoadAsync(CancellationToken cancellationToken) => Bounded(async token =>
    {
        await using var connection = await OpenAsync(token);
        return await ReadStateAsync(connection, null, token);
    }, cancellationToken);

    public Task<long> ReadRevisionAsync(CancellationToken cancellationToken) => Bounded(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.ReadRevision);
        return Convert.ToInt64(await command.ExecuteScalarAsync(token)
            ?? throw new InvalidDataException("the route state row is missing: run `strangler migrate`"));
    }, cancellationToken);

    /// <summary>
    /// Replaces the routes with <paramref name="next"/> if the store is still at <paramref name="expectedRevision"/>,
    /// appending <paramref name="changes"/> to the history in the same transaction; otherwise changes nothing and
    /// returns the state that is there.
    /// </summary>
    public async Task<CommitResult> TryCommitAsync(long expectedRevision, RouteState next, IReadOnlyList<RouteChange> changes,
        CancellationToken cancellationToken)
    {
        var commitSent = new StrongBox<bool>();
        try
        {
            return await CommitOnceAsync(expectedRevision, next, changes, commitSent, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or IOException && !commitSent.Value && !cancellationToken.IsCancellationRequested)
        {
            // The pool handed out a connection the server had closed meanwhile (a restart, a failover, an admin or an
            // idle timeout ending backends): its first statement fails. COMMIT was never sent, so nothing was written
            // (the server rolls back a transaction whose connection drops); the idle ones are as stale, so they are
            // dropped and the commit is sent once more on a new connection. Seen as a 503 in a test that flips through a
            // replica right after ending its backends: the driver drops a connection it can tell is closed when handing
            // it out, but a backend still exiting passes that check and fails the BEGIN.
            if (provider == LegacyProvider.Postgres)
            {
                NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
            }

            return await CommitOnceAsync(expectedRevision, next, changes, commitSent, cancellationToken);
        }
    }

    private async Task<CommitResult> CommitOnceAsync(long expectedRevision, RouteState next, IReadOnlyList<RouteChange> changes,
        StrongBox<bool> commitSent, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await using (var update = Command(connection, transaction, _sql.CompareAndSet,
            ("revision", next.Revision), ("routes", RouteStateJson.Serialize(next.Routes)), ("expected", expectedRevision)))
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new CommitResult { Committed = false, Current = await ReadStateAsync(connection, null, cancellationToken) };
            }
        }

        foreach (var change in changes)
        {
            await using var append = Command(connection, transaction, _sql.AppendHistory,
                ("revision", change.Revision ?? next.Revision), ("change", JsonSerializer.Serialize(change, AdminJson.Options)));
            await append.ExecuteNonQueryAsync(cancellationToken);
        }

        if (_sql.Notify is { } notify)
        {
            await using var command = Command(connection, transaction, notify, ("revision", next.Revision));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var written = await ReadStateAsync(connection, transaction, cancellationToken);
        commitSent.Value = true;
        await transaction.CommitAsync(cancellationToken);
        return new CommitResult { Committed = true, Current = written };
    }

    /// <summary>History entries after position <paramref name="afterSequence"/>, in the fleet's one order.</summary>
    public Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(long afterSequence, CancellationToken cancellationToken) =>
        ReadHistoryAsync(_sql.ReadHistory, ("after", afterSequence), cancellationToken);

    /// <summary>History entries of the revisions <paramref name="revisions"/>, in the fleet's one order.</summary>
    public Task<IReadOnlyList<HistoryEntry>> ReadHistoryOfRevisionsAsync(IReadOnlyCollection<long> revisions, CancellationToken cancellationToken) =>
        ReadHistoryAsync(_sql.ReadHistoryOfRevisions, ("revisions", provider == LegacyProvider.Postgres
            ? revisions.ToArray()
            : string.Join(',', revisions.Select(r => r.ToString(CultureInfo.InvariantCulture)))), cancellationToken);

    private Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string sql, (string, object) parameter, CancellationToken cancellationToken) =>
        Bounded<IReadOnlyList<HistoryEntry>>(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, sql, parameter);
        await using var reader = await command.ExecuteReaderAsync(token);
        var entries = new List<HistoryEntry>();
        while (await reader.ReadAsync(token))
        {
            // A row that does not read is returned as such, not thrown: one bad entry (an edit such as "mode": 2) must
            // not stop a replica from catching up, nor from starting.
            var json = reader.GetString(1);
            try
            {
                var change = StoredJson.Deserialize<RouteChange>(json, AdminJson.Options);
                entries.Add(new HistoryEntry(reader.GetInt64(0), change, change is null ? "the entry is empty" : null));
            }
            catch (JsonException ex)
            {
                entries.Add(new HistoryEntry(reader.GetInt64(0), null, HistoryEntryText.Describe(json, ex)));
            }
        }

        return entries;
    }, cancellationToken);

    /// <summary>
    /// Upserts this replica's traffic figures (a JSON document) and its rollout gates' slots (another, or null), one
    /// row per replica; deletes the rows of replicas that left more than <paramref name="keepLeft"/> ago, or last
    /// published more than <paramref name="forget"/> ago.
    /// </summary>
    public Task PublishTrafficAsync(string replicaId, string figures, string? gateSlots, TimeSpan keepLeft, TimeSpan forget,
        CancellationToken cancellationToken) =>
        Bounded(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.PublishTraffic, ("id", replicaId), ("figures", figures),
            ("slots", (object?)gateSlots ?? DBNull.Value), ("keep", (long)keepLeft.TotalMilliseconds),
            ("forget", (long)forget.TotalMilliseconds));
        await command.ExecuteNonQueryAsync(token);
    }, cancellationToken);

    /// <summary>
    /// The gate slots <paramref name="replicaId"/>'s row holds (the previous run's under this id, read before this run
    /// first publishes) and their age by the store's clock: null when there is no row or it holds none.
    /// </summary>
    public Task<(string Json, TimeSpan Age)?> ReadOwnGateSlotsAsync(string replicaId, CancellationToken cancellationToken) =>
        Bounded<(string, TimeSpan)?>(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.ReadOwnGateSlots, ("id", replicaId));
        await using var reader = await command.ExecuteReaderAsync(token);
        return await reader.ReadAsync(token)
            ? (reader.GetString(0), TimeSpan.FromMilliseconds(Math.Max(0, reader.GetInt64(1))))
            : null;
    }, cancellationToken);

    /// <summary>This replica's last traffic figures and gate slots, marked as left: it is stopping cleanly.</summary>
    public Task LeaveTrafficAsync(string replicaId, string figures, string? gateSlots, CancellationToken cancellationToken) => Bounded(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.LeaveTraffic, ("id", replicaId), ("figures", figures),
            ("slots", (object?)gateSlots ?? DBNull.Value));
        await command.ExecuteNonQueryAsync(token);
    }, cancellationToken);

    /// <summary>
    /// Every replica's row published within <paramref name="horizon"/>, with its age by the database's clock, its gate
    /// slots when published within <paramref name="within"/>, or within <paramref name="window"/> by a replica that
    /// left (null otherwise, and where it publishes none), and whether it left.
    /// </summary>
    public Task<IReadOnlyList<(string ReplicaId, TimeSpan Age, string? GateSlots, bool Left)>> ReadGateSlotsAsync(TimeSpan within,
        TimeSpan window, TimeSpan horizon, CancellationToken cancellationToken) =>
        Bounded<IReadOnlyList<(string, TimeSpan, string?, bool)>>(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.ReadGateSlots, ("ms", (long)within.TotalMilliseconds),
            ("window", (long)window.TotalMilliseconds), ("horizon", (long)(horizon > within ? horizon : within).TotalMilliseconds));
        await using var reader = await command.ExecuteReaderAsync(token);
        var rows = new List<(string, TimeSpan, string?, bool)>();
        while (await reader.ReadAsync(token))
        {
            rows.Add((reader.GetString(0), TimeSpan.FromMilliseconds(Math.Max(0, reader.GetInt64(1))),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetBoolean(3)));
        }

        return rows;
    }, cancellationToken);

    /// <summary>
    /// Every replica's figures published within <paramref name="within"/>, with their age by the store's clock and
    /// whether the replica left, by replica id.
    /// </summary>
    public Task<IReadOnlyList<(string ReplicaId, string Figures, TimeSpan Age, bool Left)>> ReadTrafficAsync(TimeSpan within,
        CancellationToken cancellationToken) => Bounded<IReadOnlyList<(string ReplicaId, string Figures, TimeSpan Age, bool Left)>>(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.ReadTraffic, ("ms", (long)within.TotalMilliseconds));
        await using var reader = await command.ExecuteReaderAsync(token);
        var rows = new List<(string, string, TimeSpan, bool)>();
        while (await reader.ReadAsync(token))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), TimeSpan.FromMilliseconds(Math.Max(0, reader.GetInt64(2))), reader.GetBoolean(3)));
        }

        return rows;
    }, cancellationToken);

    /// <summary>Takes the lease <paramref name="name"/> for <paramref name="holder"/>, or renews it; false if another holds it.</summary>
    public Task<bool> TryAcquireLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken) => Bounded(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.AcquireLease, ("name", name), ("holder", holder),
            ("ms", (long)duration.TotalMilliseconds));
        return await command.ExecuteScalarAsync(token) is string winner && winner == holder;
    }, cancellationToken);

    public Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken) => Bounded(async token =>
    {
        await using var connection = await OpenAsync(token);
        await using var command = Command(connection, null, _sql.ReleaseLease, ("name", name), ("holder", holder));
        await command.ExecuteNonQueryAsync(token);
    }, cancellationToken);

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _dialect.CreateConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<RouteState> ReadStateAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, _sql.ReadState);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidDataException("the route state row is missing: run `strangler migrate`");
        }

        var parsed = RouteStateJson.Parse(reader.GetString(1));
        if (!parsed.IsValid)
        {
            throw new InvalidDataException("the stored route state is invalid: " + string.Join("; ", parsed.Errors));
        }

        return new RouteState { Revision = reader.GetInt64(0), Routes = parsed.Routes, UpdatedAt = Time(reader.GetValue(2)) };
    }

    private static DateTimeOffset Time(object value) => value switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => throw new InvalidDataException($"unexpected time value of type {value.GetType().Name}"),
    };

    private async Task<T> Bounded<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await (deadline is null ? operation(cancellationToken) : deadline.RunAsync(operation, cancellationToken));
        }
        catch (DbException ex) when (FleetStoreSchema.IsBehind(ex))
        {
            throw FleetStoreSchema.Behind(ex);
        }
    }

    private Task Bounded(Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        Bounded(async token =>
        {
            await operation(token);
            return true;
        }, cancellationToken);

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        if (deadline is not null && transaction is null)
        {
            // Besides the token's deadline: a driver that does not honour cancellation mid-read still stops here.
            command.CommandTimeout = deadline.CommandTimeoutSeconds;
        }

        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
