using Npgsql;

[assembly: AssemblyFixture(typeof(Strangler.LegacyDatabase.Tests.Infrastructure.PostgresServer))]

namespace Strangler.LegacyDatabase.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server from STRANGLER_TEST_POSTGRES, shared by the run; each test gets its own GUID-named schema
/// through <see cref="CreateSchemaAsync"/>, dropped again when that test ends.
/// </summary>
public sealed class PostgresServer
{
    /// <summary>A connection string whose search_path is a new, empty schema, dropped (CASCADE) when the calling test ends.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var server = PostgresGate.ConnectionString();
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }
        AfterTest.Register($"drop schema {schema}", () => DropAsync(server, schema));
        return new NpgsqlConnectionStringBuilder(server)
        {
            SearchPath = schema,
            // Durability of test data does not matter; a commit that waits for fsync only slows the run.
            Options = "-c synchronous_commit=off",
        }.ConnectionString;
    }

    private static async Task DropAsync(string server, string schema)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        // A backend the test left holding a lock there must not hang the run: the drop gives up and says so.
        await using var command = new NpgsqlCommand($"SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
