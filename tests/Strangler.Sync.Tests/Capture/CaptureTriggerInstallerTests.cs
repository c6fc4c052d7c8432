using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Strangler.Sync.Capture;

namespace Strangler.Sync.Tests.Capture;

public sealed class CaptureTriggerInstallerTests : IDisposable
{
    private readonly SqliteLegacyDatabase _legacy = new();

    public void Dispose() => _legacy.Dispose();

    private void Install(params string[] tables)
    {
        using var connection = Open();
        CaptureTriggerInstaller.Install(connection, tables);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_legacy.ConnectionString);
        connection.Open();
        return connection;
    }

    [Fact]
    public void Missing_tables_and_keyless_tables_are_all_reported_and_nothing_is_installed()
    {
        _legacy.Execute("CREATE TABLE Notes (Text TEXT);");

        var error = Assert.Throws<OptionsValidationException>(() => Install("Customers", "Nope", "Notes"));

        Assert.Contains("Strangler:Sync:Capture:Tables: table 'Nope' does not exist (the database's tables: Addresses, Customers, Notes)", error.Message, StringComparison.Ordinal);
        Assert.Contains("table 'Notes' has no primary key", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _legacy.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"));
    }

    [Fact]
    public void A_table_named_in_another_case_is_captured_under_the_name_the_database_declares()
    {
        // SQLite finds `customers` for `Customers`; the changes, and so their topic, used to take the configured
        // spelling: legacy.dbo.customers, which no projection of legacy.dbo.Customers read.
        using var connection = Open();
        Assert.Equal(["Customers"], CaptureTriggerInstaller.Install(connection, ["customers"]));
        _legacy.Execute("INSERT INTO Customers (Id, Name) VALUES (1, 'Ada');");

        Assert.Equal(1, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes WHERE table_name = 'Customers'"));
    }

    [Fact]
    public void Changes_are_recorded_with_key_before_and_after_and_a_key_change_is_delete_plus_create()
    {
        Install("Customers");
        _legacy.Execute("""
            INSERT INTO Customers (Id, Name) VALUES (1, 'Ada');
            UPDATE Customers SET Name = 'Ada L.' WHERE Id = 1;
            UPDATE Customers SET Id = 2 WHERE Id = 1;
            DELETE FROM Customers WHERE Id = 2;
            """);

        Assert.Equal(5, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes"));
        Assert.Equal(2, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes WHERE op = 'd'"));
        Assert.Equal(1, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes WHERE op = 'u' AND key_json = '{\"Id\":1}' AND after_json LIKE '%Ada L.%'"));
        Assert.Equal(1, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes WHERE op = 'c' AND key_json = '{\"Id\":2}'"));
    }

    [Fact]
    public void The_backfills_deletes_are_recorded_marked_as_its_own_its_inserts_and_updates_are_not()
    {
        Install("Customers");
        _legacy.Execute("""
            BEGIN;
            INSERT INTO strangler_sync_origin (origin) VALUES ('backfill');
            INSERT INTO Customers (Id, Name) VALUES (1, 'from the service');
            INSERT INTO Customers (Id, Name) VALUES (2, 'from the service');
            UPDATE Customers SET Name = 'renamed by the service' WHERE Id = 1;
            UPDATE Customers SET Id = 3 WHERE Id = 2;
            DELETE FROM Customers WHERE Id = 1;
            DELETE FROM strangler_sync_origin;
            COMMIT;
            INSERT INTO Customers (Id, Name) VALUES (4, 'from the monolith');
            DELETE FROM Customers WHERE Id = 4;
            """);

        // The backfill's: the old key of its key change, and its delete. The monolith's: its insert and delete, unmarked.
        Assert.Equal(4, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes"));
        Assert.Equal(1, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes WHERE op = 'd' AND origin = 'backfill' AND key_json = '{\"Id\":2}'"));
        Assert.Equal(1, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes WHERE op = 'd' AND origin = 'backfill' AND key_json = '{\"Id\":1}' AND before_json LIKE '%renamed by the service%'"));
        Assert.Equal(2, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes WHERE origin IS NULL AND key_json = '{\"Id\":4}'"));
    }

    [Fact]
    public void A_database_migrated_before_the_origin_column_is_refused_naming_the_migration_and_nothing_is_installed()
    {
        using var old = new SqliteLegacyDatabase(migrateBefore: "0101");
        using var connection = new SqliteConnection(old.ConnectionString);
        connection.Open();

        var error = Assert.Throws<OptionsValidationException>(() => CaptureTriggerInstaller.Install(connection, ["Customers"]));

        Assert.Contains("table 'strangler_capture_changes' has no column 'origin' (run `strangler migrate`", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, old.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"));
    }

    [Fact]
    public void Installing_twice_replaces_the_triggers_instead_of_doubling_them()
    {
        Install("Customers");
        Install("Customers");
        _legacy.Execute("INSERT INTO Customers (Id, Name) VALUES (1, 'Ada');");

        Assert.Equal(1, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes"));
    }
}
