using Microsoft.Data.Sqlite;

namespace Strangler.Sync.Tests.Capture;

/// <summary>A throwaway SQLite legacy database with the demo's Customers and Addresses tables and migration 0100.</summary>
internal sealed class SqliteLegacyDatabase : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"legacy-{Guid.NewGuid():N}.db");

    public SqliteLegacyDatabase()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();
        Execute(File.ReadAllText(Path.Combine(RepositoryRoot(), "migrations", "sqlite", "0100_capture_changes.sql")));
        Execute("""
            CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT NOT NULL, CreditLimit TEXT);
            CREATE TABLE Addresses (Id INTEGER PRIMARY KEY, CustomerId INTEGER NOT NULL, City TEXT NOT NULL);
            -- Stand-in for the sync-out migration that owns this table; the capture only checks whether it has rows.
            CREATE TABLE IF NOT EXISTS strangler_sync_origin (origin TEXT);
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
