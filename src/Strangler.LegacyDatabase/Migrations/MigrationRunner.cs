using Dapper;
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

    private async Task<MigrationReport> ApplyLockedAsync(
        System.Data.Common.DbConnection connection, IReadOnlyList<MigrationScript> scripts, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(MigrationJournal.CreateSql(dialect.Provider), cancellationToken: cancellationToken));
        var journal = (await connection.QueryAsync<(string Name, string Checksum)>(
                new CommandDefinition(MigrationJournal.SelectSql, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Name, r => r.Checksum.Trim(), StringComparer.Ordinal);

        var changed = scripts.Where(s => journal.TryGetValue(s.Name, out var sum) && sum != s.Checksum).ToList();
        if (changed.Count > 0)
        {
            throw new MigrationException(string.Join(" ", changed.Select(s =>
                $"Migration '{s.Name}' was changed after it was applied (journal checksum {journal[s.Name]}, file {s.Checksum}).")) +
                " Nothing was applied: restore the script and add a new one for the change.");
        }

        var applied = new List<string>();
        foreach (var script in scripts.Where(s => !journal.ContainsKey(s.Name)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
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
        return new MigrationReport { Applied = applied, AlreadyApplied = scripts.Where(s => journal.ContainsKey(s.Name)).Select(s => s.Name).ToList() };
    }

    // SQLite has no date type: store ISO-8601 text there, a real timestamp elsewhere.
    private object JournalTime() => dialect.Provider == LegacyProvider.Sqlite
        ? timeProvider.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture)
        : timeProvider.GetUtcNow();
}
