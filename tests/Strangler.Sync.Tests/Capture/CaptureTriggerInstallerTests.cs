using Microsoft.Data.Sqlite;
using Strangler.Sync.Capture;

namespace Strangler.Sync.Tests.Capture;

public sealed class CaptureTriggerInstallerTests : IDisposable
{
    private readonly SqliteLegacyDatabase _legacy = new();

    public void Dispose() => _legacy.Dispose();

    private void Install(params string[] tables)
    {
        using var connection = new SqliteConnection(_legacy.ConnectionString);
        connection.Open();
        CaptureTriggerInstaller.Install(connection, tables);
    }

    [Fact]
    public void Missing_tables_and_keyless_tables_are_all_reported_and_nothing_is_installed()
    {
        _legacy.Execute("CREATE TABLE Notes (Text TEXT);");

        var error = Assert.Throws<InvalidOperationException>(() => Install("Customers", "Nope", "Notes"));

        Assert.Contains("table 'Nope' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("table 'Notes' has no primary key", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _legacy.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"));
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
    public void Installing_twice_replaces_the_triggers_instead_of_doubling_them()
    {
        Install("Customers");
        Install("Customers");
        _legacy.Execute("INSERT INTO Customers (Id, Name) VALUES (1, 'Ada');");

        Assert.Equal(1, _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes"));
    }
}
