using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Samples.LegacyMonolith.Data;

/// <summary>Opens connections to the monolith's SQLite file.</summary>
internal sealed class LegacyDatabase(IOptions<LegacyMonolithOptions> options)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(options.Value.DatabasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        ForeignKeys = true,
        // Capture and backfill write to the same file from other connections; wait for them rather than fail.
        DefaultTimeout = 30,
    }.ToString();

    public string ConnectionString => _connectionString;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
