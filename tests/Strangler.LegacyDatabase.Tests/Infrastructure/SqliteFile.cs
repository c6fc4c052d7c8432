using Microsoft.Data.Sqlite;

namespace Strangler.LegacyDatabase.Tests.Infrastructure;

/// <summary>A GUID-named SQLite database file in the temp folder, deleted on dispose.</summary>
public sealed class SqliteFile : IDisposable
{
    public SqliteFile()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, DefaultTimeout = 30 }.ConnectionString;
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL persists in the file, as a monolith's SQLite database would usually be configured.
        command.CommandText = "PRAGMA journal_mode = WAL";
        command.ExecuteNonQuery();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm", Path + "-journal" })
        {
            File.Delete(file);
        }
    }
}
