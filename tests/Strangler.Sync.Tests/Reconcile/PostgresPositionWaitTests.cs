using Dapper;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Tests.Backfill;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// A load's (and a repair's) PostgreSQL log position is taken once every transaction that had an id at that moment
/// has ended, so no change logged before the position is invisible to the rows read after it.
/// </summary>
public sealed class PostgresPositionWaitTests
{
    [Fact]
    public async Task The_position_waits_for_an_open_transaction_younger_than_every_completed_one()
    {
        // It did not: the wait went by the snapshot's xmax, the last completed transaction's id + 1, and took the
        // position at once while this transaction was open (unless another one completed meanwhile, which on a busy
        // server hides the fault).
        await using var legacy = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var reader = new PostgresRowReader(legacy.Dialect, legacy.ConnectionString, TimeSpan.FromSeconds(30), TimeProvider.System);
        await using var holder = new NpgsqlConnection(legacy.ConnectionString);
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await holder.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await holder.ExecuteAsync("SELECT pg_current_xact_id()", transaction: transaction);
        await using var connection = reader.CreateConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        var position = reader.PositionAsync(connection, TestContext.Current.CancellationToken);

        await Task.WhenAny(position, Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
        Assert.False(position.IsCompleted, "the position was taken while a transaction with an id was open");
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        await position.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_position_wait_gives_up_after_PositionWait_naming_the_setting()
    {
        await using var legacy = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var reader = new PostgresRowReader(legacy.Dialect, legacy.ConnectionString, TimeSpan.FromMilliseconds(300), TimeProvider.System);
        await using var holder = new NpgsqlConnection(legacy.ConnectionString);
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await holder.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await holder.ExecuteAsync("SELECT pg_current_xact_id()", transaction: transaction);
        await using var connection = reader.CreateConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => reader.PositionAsync(connection, TestContext.Current.CancellationToken));

        Assert.Contains("PositionWait", timeout.Message);
    }
}
