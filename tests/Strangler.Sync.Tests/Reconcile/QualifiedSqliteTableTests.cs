using Microsoft.Data.Sqlite;
using Strangler.Sync.Reconcile.Continuous;
using Strangler.Sync.Reconcile.Reading;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// Regression: on SQLite the continuous check's key sample and the job's row count quoted <c>dbo.Customers</c> (the
/// built-in capture's and the demo's name) as schema and table, so the check failed every minute with "no such table"
/// and never published a drift. A qualified name is read as its table part there, as the row reader reads it.
/// </summary>
public sealed class QualifiedSqliteTableTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public QualifiedSqliteTableTests()
    {
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT); INSERT INTO Customers (Id, Name) VALUES (1, 'a'), (2, 'b'), (3, 'c');";
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task KeySample_OfAQualifiedName_TakesKeysOfTheTable()
    {
        var keys = await KeySample.TakeAsync(_connection, "sqlite", "dbo.Customers", "Id", 60, TestContext.Current.CancellationToken);

        Assert.Equal([1L, 2L, 3L], keys.Select(Convert.ToInt64).Order());
    }

    [Fact]
    public async Task KeyCount_OfAQualifiedName_CountsTheTable()
    {
        Assert.Equal(new KeyTotal(3, Estimated: false), await KeyCount.OfAsync(_connection, "sqlite", "dbo.Customers", TestContext.Current.CancellationToken));
    }
}
