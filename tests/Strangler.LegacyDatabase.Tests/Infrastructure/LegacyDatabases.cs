using Microsoft.Data.SqlClient;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.LegacyDatabase.Tests.Infrastructure;

/// <summary>A fresh, empty legacy database of each provider: PostgreSQL schema, SQLite file, SQL Server database.</summary>
public sealed class LegacyDatabases(PostgresServer postgres) : IDisposable
{
    private readonly List<SqliteFile> _files = [];

    public async Task<string> CreateAsync(LegacyProvider provider)
    {
        switch (provider)
        {
            case LegacyProvider.Postgres:
                return await postgres.CreateSchemaAsync();
            case LegacyProvider.Sqlite:
                var file = new SqliteFile();
                _files.Add(file);
                return file.ConnectionString;
            default:
                var server = Environment.GetEnvironmentVariable("STRANGLER_TEST_SQLSERVER");
                if (string.IsNullOrEmpty(server))
                {
                    Assert.Skip("STRANGLER_TEST_SQLSERVER is not set: no SQL Server can run on this machine (see TESTING.md).");
                }
                var name = "t_" + Guid.NewGuid().ToString("N");
                await using (var connection = new SqlConnection(server))
                {
                    await connection.OpenAsync();
                    await using var command = new SqlCommand($"CREATE DATABASE [{name}]", connection);
                    await command.ExecuteNonQueryAsync();
                }
                return new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
        }
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}
