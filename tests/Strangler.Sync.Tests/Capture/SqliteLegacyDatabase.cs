using Microsoft.Data.Sqlite;

namespace Strangler.Sync.Tests.Capture;

/// <summary>
/// A throwaway SQLite legacy database with the demo's Customers and Addresses tables and the repository's SQLite
/// migrations (those named before <c>migrateBefore</c>, when given: a database migrated by an older version).
/// </summary>
internal sealed class SqliteLegacyDatabase : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"legacy-{Guid.NewGuid():N}.db");

    public SqliteLegacyDatabase(string? migrateBefore = null)
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();
        foreach (var script in Directory.GetFiles(Path.Combine(RepositoryRoot(), "migrations", "sqlite"), "*.sql").Order(StringComparer.Ordinal)
                     .Where(f => migrateBefore is null || string.CompareOrdinal(Path.GetFileName(f), migrateBefore) < 0))
        {
            Execute(File.ReadAllText(script));
        }

        Execute("""
            CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT NOT NULL, CreditLimit TEXT);
            CREATE TABLE Addresses (Id INTEGER PRIMARY KEY, CustomerId INTEGER NOT NULL, City TEXT NOT NULL);
            """);
    }

    public string ConnectionString { get; }

    public void Execute(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => File.Delete(_path);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "migrations")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No migrations/ folder above " + AppContext.BaseDirectory);
    }
}
