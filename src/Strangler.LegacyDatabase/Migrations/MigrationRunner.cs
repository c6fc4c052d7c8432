using Dapper;
using Microsoft.Data.Sqlite;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.LegacyDatabase.Migrations;

/// <summary>
/// Applies ordered scripts to a legacy database: each script and its journal row in one transaction, scripts
/// already in the journal skipped, and nothing at all applied when a journaled script's content has changed.
/// </summary>
public sealed class MigrationRunner(ISqlDialect dialect, TimeProvider timeProvider)
{
    /// <summary>Applies the scripts not yet in the journal, in name order.</summary>
    /// <exception cref="MigrationException">A script changed after it was applied, or a script failed (named).</exception>
    public async Task<MigrationReport> ApplyAsync(
        string connectionString, IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken = default)
    {
        await using var connection = dialect.CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await CheckSchemaAsync(connection, cancellationToken);
        if (MigrationJournal.LockSql(dialect.Provider) is { } lockSql)
        {
            await connection.ExecuteAsync(new CommandDefinition(lockSql, cancellationToken: cancellationToken));
        }

        try
        {
            return await ApplyLockedAsync(connection, scripts, cancellationToken);
        }
        finally
        {
            if (MigrationJournal.UnlockSql(dialect.Provider) is { } unlockSql && connection.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    await connection.ExecuteAsync(new CommandDefinition(unlockSql, cancellationToken: CancellationToken.None));
                }
                catch (System.Data.Common.DbException)
                {
                    // A connection broken by the failure being reported: its session, and the lock with it, is gone.
                }
            }
        }
    }

    /// <summary>
    /// The scripts <see cref="ApplyAsync"/> would apply, in order, changing nothing in the database (not even the
    /// journal's creation): what a DBA reviews before letting the tool run.
    /// </summary>
    /// <exception cref="MigrationException">A script changed after it was applied (named), as ApplyAsync would refuse;
    /// or there is no SQLite database at the connection's path (named), which a real run would create.</exception>
    public async Task<IReadOnlyList<MigrationScript>> PendingAsync(
        string connectionString, IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken = default)
    {
        await using var connection = dialect.CreateConnection(connectionString);
        if (connection is SqliteConnection sqlite)
        {
            OpenReadOnly(sqlite);
        }

        await connection.OpenAsync(cancellationToken);
        await CheckSchemaAsync(connection, cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(MigrationJournal.ExistsSql(dialect.Provider), cancellationToken: cancellationToken));
        var journal = exists == 0 ? new Dictionary<string, string>() : await ReadJournalAsync(connection, transaction: null, cancellationToken);
        RefuseChanged(scripts, journal, "Nothing would be applied");
        return scripts.Where(s => !journal.ContainsKey(s.Name)).ToList();
    }

    // A review must change nothing, and SQLite's default mode (ReadWriteCreate) makes an empty database at a mistyped
    // path: the file has to exist, and is opened read-only. In-memory and URI (file:) data sources are left as they are.
    private static void OpenReadOnly(SqliteConnection connection)
    {
        var builder = new SqliteConnectionStringBuilder(connection.ConnectionString);
        var path = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || path.Length == 0 || path == ":memory:"
            || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!File.Exists(path))
        {
            throw new MigrationException(
                $"no database at {Path.GetFullPath(path)}: nothing to review; a real run would create it and apply every script.");
        }

        builder.Mode = SqliteOpenMode.ReadOnly;
        connection.ConnectionString = builder.ConnectionString;
    }

    private async Task<MigrationReport> ApplyLockedAsync(
        System.Data.Common.DbConnection connection, IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(MigrationJournal.CreateSql(dialect.Provider), cancellationToken: cancellationToken));
        var journal = await ReadJournalAsync(connection, transaction: null, cancellationToken);
        RefuseChanged(scripts, journal, "Nothing was applied");

        var applied = new List<string>();
        var appliedMeanwhile = new List<string>();
        foreach (var script in scripts.Where(s => !journal.ContainsKey(s.Name)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // SQLite has no lock for the whole run: another runner may have applied the script since the journal was
            // read. Its transaction holds the write lock (BEGIN IMMEDIATE), so the journal read again here is final.
            var now = await ReadJournalAsync(connection, transaction, cancellationToken);
            if (now.ContainsKey(script.Name))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                RefuseChanged([script], now, "It was applied by another run meanwhile; nothing more was applied");
                appliedMeanwhile.Add(script.Name);
                continue;
            }
            try
            {
                foreach (var batch in MigrationJournal.Batches(dialect.Provider, script.Sql))
                {
                    await connection.ExecuteAsync(new CommandDefinition(batch, transaction: transaction, cancellationToken: cancellationToken));
                }
                await connection.ExecuteAsync(new CommandDefinition(MigrationJournal.InsertSql,
                    new { name = script.Name, checksum = script.Checksum, appliedAt = JournalTime() },
                    transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                // Described, not the driver's message: a script can fail on existing rows, and some messages quote them.
                throw new MigrationException($"Migration '{script.Name}' failed and was rolled back: {DatabaseErrorText.Describe(ex)}", ex);
            }
            applied.Add(script.Name);
        }
        return new MigrationReport
        {
            Applied = applied,
            AlreadyApplied = scripts.Where(s => journal.ContainsKey(s.Name) || appliedMeanwhile.Contains(s.Name)).Select(s => s.Name).ToList(),
        };
    }

    private static async Task<Dictionary<string, string>> ReadJournalAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Name, string Checksum)>(
            new CommandDefinition(MigrationJournal.SelectSql, transaction: transaction, cancellationToken: cancellationToken)))
        .ToDictionary(r => r.Name, r => r.Checksum.Trim(), StringComparer.Ordinal);

    private static void RefuseChanged(IEnumerable<MigrationScript> scripts, Dictionary<string, string> journal, string outcome)
    {
        var changed = scripts.Where(s => journal.TryGetValue(s.Name, out var sum) && sum != s.Checksum).ToList();
        if (changed.Count > 0)
        {
            throw new MigrationException(string.Join(" ", changed.Select(s =>
                $"Migration '{s.Name}' was changed after it was applied (journal checksum {journal[s.Name]}, file {s.Checksum}).")) +
                $" {outcome}: restore the script and add a new one for the change.");
        }
    }

    // PostgreSQL creates unqualified tables in the first existing schema of search_path; with none it fails with
    // "no schema has been selected to create in", and the migration lock (keyed by that schema) would be no lock.
    private async Task CheckSchemaAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        if (dialect.Provider != LegacyProvider.Postgres)
        {
            return;
        }
        var (schema, searchPath) = await connection.QuerySingleAsync<(string? Schema, string SearchPath)>(
            new CommandDefinition("SELECT current_schema(), current_setting('search_path')", cancellationToken: cancellationToken));
        if (schema is null)
        {
            throw new MigrationException(
                $"No schema of the connection's search_path ({searchPath}) exists: create it (CREATE SCHEMA) or set Search Path in the connection string to an existing one.");
        }
    }

    // SQLite has no date type: store ISO-8601 text there, a real timestamp elsewhere.
    private object JournalTime() => dialect.Provider == LegacyProvider.Sqlite
        ? timeProvider.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture)
        : timeProvider.GetUtcNow();
}
