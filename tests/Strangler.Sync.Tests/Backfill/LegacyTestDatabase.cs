using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>
/// A fresh legacy database with Strangler's migrations and a Customers table: a GUID-named schema on the
/// STRANGLER_TEST_POSTGRES server, dropped when the test ends, or a GUID-named SQLite file, deleted on dispose.
/// </summary>
public sealed class LegacyTestDatabase : IAsyncDisposable
{
    private LegacyTestDatabase(LegacyProvider provider, string connectionString, string? file)
    {
        Provider = provider;
        ConnectionString = connectionString;
        File = file;
        Dialect = SqlDialects.For(provider);
    }

    public LegacyProvider Provider { get; }

    public string ConnectionString { get; }

    public ISqlDialect Dialect { get; }

    private string? File { get; }

    /// <param name="provider">Which kind of database.</param>
    /// <param name="server">For PostgreSQL, the server and database to make the schema in; the shared test server's
    /// when null.</param>
    public static async Task<LegacyTestDatabase> CreateAsync(LegacyProvider provider, string? server = null)
    {
        LegacyTestDatabase database;
        if (provider == LegacyProvider.Postgres)
        {
            server ??= PostgresGate.ConnectionString();
            var schema = "t_" + Guid.NewGuid().ToString("N");
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
            }
            // When the test ends rather than on dispose: a test that never disposes it leaves nothing, and a drop that
            // fails is reported without failing the test.
            AfterTest.Register($"drop schema {schema}", async () =>
            {
                await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
                await admin.ExecuteAsync($"SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS {schema} CASCADE");
            });
            database = new LegacyTestDatabase(provider, new NpgsqlConnectionStringBuilder(server)
            {
                SearchPath = schema,
                // Durability of test data does not matter; a commit that waits for fsync only slows the run.
                Options = "-c synchronous_commit=off",
            }.ConnectionString, null);
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
            database = new LegacyTestDatabase(provider,
                new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 30 }.ConnectionString, file);
            await database.ExecAsync("PRAGMA journal_mode = WAL");
        }
        await new MigrationRunner(database.Dialect, TimeProvider.System)
            .ApplyAsync(database.ConnectionString, MigrationSource.Embedded(provider));
        await database.ExecAsync(provider == LegacyProvider.Postgres
            ? "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, city text, since timestamptz)"
            : "CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, city TEXT, since TEXT)");
        return database;
    }

    public async Task ExecAsync(string sql, object? args = null)
    {
        await using var connection = Dialect.CreateConnection(ConnectionString);
        await connection.ExecuteAsync(sql, args);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = Dialect.CreateConnection(ConnectionString);
        return (await connection.QueryAsync<T>(sql, args)).ToList();
    }

    /// <summary>The customers rows as (id, name, city), ordered by id.</summary>
    public Task<List<(long Id, string Name, string? City)>> CustomersAsync() =>
        QueryAsync<(long Id, string Name, string? City)>("SELECT id, name, city FROM customers ORDER BY id");

    public ValueTask DisposeAsync()
    {
        if (File is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { File, File + "-wal", File + "-shm" })
            {
                System.IO.File.Delete(path);
            }
        }
        return ValueTask.CompletedTask;
    }
}
