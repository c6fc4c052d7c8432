using System.Data.Common;
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
        await using var held = await HeldIdAsync(legacy, reader);

        var position = reader.PositionAsync(held.Connection, TestContext.Current.CancellationToken);

        await Task.WhenAny(position, Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
        Assert.False(position.IsCompleted, "the position was taken while a transaction with an id was open");
        await held.Transaction.RollbackAsync(TestContext.Current.CancellationToken);
        await position.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_position_wait_gives_up_after_PositionWait_naming_the_setting()
    {
        await using var legacy = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var reader = new PostgresRowReader(legacy.Dialect, legacy.ConnectionString, TimeSpan.FromMilliseconds(300), TimeProvider.System);
        await using var held = await HeldIdAsync(legacy, reader);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => reader.PositionAsync(held.Connection, TestContext.Current.CancellationToken));

        Assert.Contains("PositionWait", timeout.Message);
    }

    [Fact]
    public async Task The_position_wait_that_gives_up_names_the_sessions_still_in_a_transaction()
    {
        // It said only that "transactions open since the log position was read did not end": the DBA had to find the
        // long transaction on a production server without being told which.
        await using var legacy = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var reader = new PostgresRowReader(legacy.Dialect, legacy.ConnectionString, TimeSpan.FromMilliseconds(300), TimeProvider.System);
        await using var held = await HeldIdAsync(legacy, reader);
        var pid = held.Holder.ProcessID;

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => reader.PositionAsync(held.Connection, TestContext.Current.CancellationToken));

        // Other sessions of the server (other tests) may be listed too: the wait is for every transaction open then.
        Assert.Matches($@"still open in .*pid {pid} \(.+?, open since \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ\).*; let them end, or raise PositionWait$", timeout.Message);
    }

    // An open transaction that has taken an id (what the wait must wait for), and the reader's own connection.
    private static async Task<HeldId> HeldIdAsync(LegacyTestDatabase legacy, PostgresRowReader reader)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var holder = new NpgsqlConnection(legacy.ConnectionString);
        await holder.OpenAsync(cancellationToken);
        var transaction = await holder.BeginTransactionAsync(cancellationToken);
        await holder.ExecuteAsync("SELECT pg_current_xact_id()", transaction: transaction);
        var connection = reader.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return new HeldId(holder, transaction, connection);
    }

    private sealed record HeldId(NpgsqlConnection Holder, NpgsqlTransaction Transaction, DbConnection Connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            await Transaction.DisposeAsync();
            await Holder.DisposeAsync();
        }
    }
}
