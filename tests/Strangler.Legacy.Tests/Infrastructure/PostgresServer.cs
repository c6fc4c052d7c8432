using Npgsql;

[assembly: AssemblyFixture(typeof(Strangler.Legacy.Tests.Infrastructure.PostgresServer))]

namespace Strangler.Legacy.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server from STRANGLER_TEST_POSTGRES, shared by the run; each test gets its own GUID-named schema
/// through <see cref="CreateSchemaAsync"/>.
/// </summary>
public sealed class PostgresServer
{
    private readonly string? _connectionString = Environment.GetEnvironmentVariable("STRANGLER_TEST_POSTGRES");

    /// <summary>A connection string whose search_path is a new, empty schema.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        if (string.IsNullOrEmpty(_connectionString))
        {
            if (Environment.GetEnvironmentVariable("STRANGLER_REQUIRE_SERVERS") == "1")
            {
                Assert.Fail("STRANGLER_TEST_POSTGRES is not set but STRANGLER_REQUIRE_SERVERS=1: PostgreSQL is required.");
            }
            Assert.Skip("STRANGLER_TEST_POSTGRES is not set (run ./test.sh or source eng/start-postgres.sh).");
        }
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(_connectionString)
        {
            SearchPath = schema,
            // Durability of test data does not matter; a commit that waits for fsync only slows the run.
            Options = "-c synchronous_commit=off",
        }.ConnectionString;
    }
}
