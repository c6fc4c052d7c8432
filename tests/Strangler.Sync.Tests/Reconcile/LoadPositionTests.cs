using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Capture;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// The load's position as a user reads it. A SQLite database's position is its capture's change number, but it is
/// written in the SQL Server shape the capture's messages imitate, and `strangler load` printed that ("mssql:…").
/// </summary>
public sealed class LoadPositionTests
{
    [Fact]
    public async Task A_Sqlite_load_describes_its_position_as_the_captures_change_and_stores_the_value_the_capture_gives_that_change()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 20);
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Renamed' WHERE id IN (1, 2, 3)");

        var load = await harness.LoadAsync();

        Assert.Equal("SQLite capture change 3", load.PositionDescription);
        // The value the documents carry stays the one the capture's message for change 3 decodes to, so that the
        // changes after the load still apply over the loaded documents, and those before do not.
        var lsn = DebeziumMessageWriter.Lsn(3);
        Assert.Equal(SourcePosition.SqlServer(lsn, lsn, 1).Value, load.Position);
    }

    [Fact]
    public async Task A_Postgres_load_describes_its_position_as_the_WAL_position_PostgreSQL_prints()
    {
        // It printed "at position pg:00000000005361265583:09223372036854775807", the store's encoding, where a DBA
        // compares against pg_current_wal_lsn() and pg_replication_slots, which print 1/3F8D2CAF.
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Postgres, customers: 20);
        var before = (await harness.Legacy.QueryAsync<string>("SELECT pg_current_wal_insert_lsn()::text")).Single();

        var load = await harness.LoadAsync();

        Assert.StartsWith("pg:", load.Position);
        var described = Assert.Single(System.Text.RegularExpressions.Regex.Matches(load.PositionDescription!, "^PostgreSQL WAL ([0-9A-F]+/[0-9A-F]+)$")).Groups[1].Value;
        var after = (await harness.Legacy.QueryAsync<string>("SELECT pg_current_wal_insert_lsn()::text")).Single();
        Assert.True((await harness.Legacy.QueryAsync<bool>("SELECT @described::pg_lsn BETWEEN @before::pg_lsn AND @after::pg_lsn", new { described, before, after })).Single(),
            $"{described} is not between {before} and {after}");
        // The insert position read as the load began: the stored value is just before it.
        Assert.Equal(SourcePosition.Postgres(Lsn(described) - 1, long.MaxValue).Value, load.Position);
    }

    private static long Lsn(string text)
    {
        var parts = text.Split('/');
        return (long.Parse(parts[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) << 32)
            | long.Parse(parts[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(65_536L)] // past the LSN's last four hex digits
    [InlineData(1L << 40)]
    public void The_capture_sequence_reads_back_from_the_position_the_capture_gives_it(long sequence)
    {
        var lsn = DebeziumMessageWriter.Lsn(sequence);

        Assert.Equal(sequence, DebeziumMessageWriter.Sequence(SourcePosition.SqlServer(lsn, lsn, 1)));
    }

    [Fact]
    public void A_real_Sql_Server_position_is_not_read_as_a_capture_sequence()
    {
        // Debezium's own: different commit and change LSNs, a serial number past 1.
        Assert.Null(DebeziumMessageWriter.Sequence(SourcePosition.SqlServer("0000002a:00000758:0005", "0000002a:00000760:0002", 2)));
        Assert.Null(DebeziumMessageWriter.Sequence(SourcePosition.Postgres(100, 1)));
    }
}
