using Npgsql;

[assembly: AssemblyFixture(typeof(Strangler.LegacyDatabase.Tests.Infrastructure.PostgresServer))]

namespace Strangler.LegacyDatabase.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server from STRANGLER_TEST_POSTGRES, shared by the run; each test gets its own GUID-named schema
/// through <see cref="CreateSchemaAsync"/>.
/// </summary>
public sealed class PostgresServer
{
    /// <summary>A connection string whose search_path is a new, empty schema.</summary>
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
        return new NpgsqlConnectionStringBuilder(server)
        {
            SearchPath = schema,
            // Durability of test data does not matter; a commit that waits for fsync only slows the run.
            Options = "-c synchronous_commit=off",
        }.ConnectionString;
    }
}
