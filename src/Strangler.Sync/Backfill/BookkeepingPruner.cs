using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Deletes the backfill's bookkeeping rows in the legacy database once they have served their purpose: applied-event
/// ids past <see cref="BackfillOptions.AppliedEventRetention"/> and sync-origin markers past
/// <see cref="BackfillOptions.SyncOriginRetention"/>. Without it both tables grow by a row per event and per batch,
/// forever, in the database the monolith still runs on. Deletes go in short statements of
/// <see cref="BackfillOptions.PruneBatchSize"/> rows, oldest first, so a large backlog never holds locks for long.
/// </summary>
internal sealed class BookkeepingPruner(ISqlDialect dialect, BackfillOptions options, TimeProvider timeProvider)
{
    internal const string SyncOriginTable = "strangler_sync_origin";

    /// <summary>Prunes both tables to their retention; returns how many rows went from each.</summary>
    public async Task<PruneCounts> PruneAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var connection = dialect.CreateConnection(options.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var applied = await DeleteAllOlderThanAsync(connection, BackfillWriter.AppliedTable, "applied_at",
            now - options.AppliedEventRetention, cancellationToken);
        var origins = dialect.SyncOriginTimeColumn is { } column
            ? await DeleteAllOlderThanAsync(connection, SyncOriginTable, column, now - options.SyncOriginRetention, cancellationToken)
            : 0;
        return new PruneCounts(applied, origins);
    }

    private async Task<int> DeleteAllOlderThanAsync(
        System.Data.Common.DbConnection connection, string table, string column, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await dialect.DeleteOlderThanAsync(connection, table, column, cutoff, options.PruneBatchSize, cancellationToken);
            total += deleted;
        }
        // A short batch means nothing older is left; rows written meanwhile are newer than the cutoff, so this ends.
        while (deleted == options.PruneBatchSize);
        return total;
    }
}

/// <summary>Rows one prune deleted: applied-event ids and sync-origin markers.</summary>
internal readonly record struct PruneCounts(int AppliedEvents, int SyncOrigins);
