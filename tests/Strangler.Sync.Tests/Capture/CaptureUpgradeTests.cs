using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;
using Strangler.Sync.Capture;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Capture;

/// <summary>
/// A legacy database whose capture was installed before migration 0101 (the change table's origin column): `strangler
/// migrate` adds the column without disturbing the installed triggers or the changes waiting to be published, and the
/// worker's next start installs the triggers that record the backfill's deletes.
/// </summary>
public sealed class CaptureUpgradeTests(KafkaFixture kafka) : IDisposable
{
    // The Orders triggers as the capture installed them before 0101 (one column less of JSON, the same statements).
    private const string TriggersBefore0101 = """
        CREATE TRIGGER "strangler_capture_Orders_insert" AFTER INSERT ON "Orders" WHEN NOT EXISTS (SELECT 1 FROM strangler_sync_origin) BEGIN
          INSERT INTO strangler_capture_changes (table_name, op, key_json, before_json, after_json) SELECT 'Orders', 'c', json_object('Id', NEW."Id"), NULL, json_object('Id', NEW."Id", 'Total', NEW."Total");
        END;
        CREATE TRIGGER "strangler_capture_Orders_delete" AFTER DELETE ON "Orders" WHEN NOT EXISTS (SELECT 1 FROM strangler_sync_origin) BEGIN
          INSERT INTO strangler_capture_changes (table_name, op, key_json, before_json, after_json) SELECT 'Orders', 'd', json_object('Id', OLD."Id"), json_object('Id', OLD."Id", 'Total', OLD."Total"), NULL;
        END;
        """;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"legacy-{Guid.NewGuid():N}.db");

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = 30 }.ToString();

    public void Dispose() => File.Delete(_path);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<MigrationReport> MigrateAsync(Func<MigrationScript, bool> which) =>
        new MigrationRunner(SqlDialects.For(LegacyProvider.Sqlite), TimeProvider.System)
            .ApplyAsync(ConnectionString, MigrationSource.Embedded(LegacyProvider.Sqlite).Where(which).ToList(), Ct);

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task Migrating_an_installed_capture_keeps_its_pending_changes_and_the_next_start_records_the_backfills_deletes()
    {
        await MigrateAsync(s => string.CompareOrdinal(s.Name, "0101") < 0);
        Execute("CREATE TABLE Orders (Id INTEGER PRIMARY KEY, Total REAL NOT NULL);" + TriggersBefore0101);
        Execute("INSERT INTO Orders (Id, Total) VALUES (1, 10.5)");

        var report = await MigrateAsync(_ => true);

        Assert.Equal(["0101_capture_origin.sql"], report.Applied);
        // The worker still running the old triggers goes on capturing until it restarts.
        Execute("INSERT INTO Orders (Id, Total) VALUES (2, 20.5)");

        var prefix = $"legacy{Guid.NewGuid():N}";
        kafka.CreateTopic($"{prefix}.dbo.Orders");
        using var capture = new CapturePublisher(
            new CaptureOptions { Enabled = true, ConnectionString = ConnectionString, Tables = ["Orders"], TopicPrefix = prefix, PollInterval = TimeSpan.FromMilliseconds(50) },
            kafka.BootstrapServers, TimeProvider.System, NullLogger<CapturePublisher>.Instance, NullLoggerFactory.Instance);
        await capture.StartAsync(Ct);
        try
        {
            Execute("""
                BEGIN;
                INSERT INTO strangler_sync_origin (origin) VALUES ('backfill');
                INSERT INTO Orders (Id, Total) VALUES (3, 30.5);
                DELETE FROM Orders WHERE Id = 1;
                DELETE FROM strangler_sync_origin;
                COMMIT;
                INSERT INTO Orders (Id, Total) VALUES (4, 40.5);
                """);

            // The monolith's sentinel comes next: the backfill's insert was never published.
            var changes = kafka.Read($"{prefix}.dbo.Orders", 4)
                .Select(m => DebeziumDecoder.Decode(m.Topic, m.Message.Key, m.Message.Value)).ToList();

            Assert.Equal(
                [(ChangeOperation.Create, 1L, null), (ChangeOperation.Create, 2L, null), (ChangeOperation.Delete, 1L, "backfill"), (ChangeOperation.Create, 4L, null)],
                changes.Select(c => (c.Op, (long)c.Key["Id"]!, c.Origin)).ToList());
        }
        finally
        {
            await capture.StopAsync(CancellationToken.None);
        }
    }
}
