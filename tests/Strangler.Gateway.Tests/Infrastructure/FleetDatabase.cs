using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// The fleet's route store on the PostgreSQL server of STRANGLER_TEST_POSTGRES: each call makes a new schema with the
/// migrations applied (`strangler migrate`'s own scripts), so each test has its own store, dropped when the test ends.
/// </summary>
public static class FleetDatabase
{
    /// <summary>A new store; with <paramref name="upTo"/>, only the scripts named before it (a store from an older release).</summary>
    public static async Task<string> CreateAsync(string? upTo = null)
    {
        var server = Environment.GetEnvironmentVariable("STRANGLER_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            if (Environment.GetEnvironmentVariable("STRANGLER_REQUIRE_SERVERS") == "1")
            {
                Assert.Fail("STRANGLER_TEST_POSTGRES is not set but STRANGLER_REQUIRE_SERVERS=1: PostgreSQL is required.");
            }

            Assert.Skip("STRANGLER_TEST_POSTGRES is not set (run ./test.sh or source eng/start-postgres.sh).");
        }

        var schema = "fleet_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server)
        {
            SearchPath = schema,
            Options = "-c synchronous_commit=off",
        }.ConnectionString;
        AfterTest.Register($"drop schema {schema}", () => DropOrThrowAsync(connectionString));
        await new MigrationRunner(SqlDialects.For(LegacyProvider.Postgres), TimeProvider.System)
            .ApplyAsync(connectionString, [.. MigrationSource.Embedded(LegacyProvider.Postgres)
                .Where(s => upTo is null || string.CompareOrdinal(s.Name, upTo) < 0)]);
        return connectionString;
    }

    /// <summary>
    /// Drops the store's schema once its replicas have stopped (<see cref="FleetRig"/> does, before the test ends). A
    /// backend still holding a lock there (a replica's stuck statement) makes it fail; the drop registered with
    /// <see cref="AfterTest"/> tries again when the test ends and reports it if it fails.
    /// </summary>
    public static async Task DropAsync(string connectionString)
    {
        try
        {
            await DropOrThrowAsync(connectionString);
        }
        catch (NpgsqlException)
        {
            // Tried again, and reported, when the test ends.
        }
    }

    private static async Task DropOrThrowAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 10 };
        var schema = builder.SearchPath;
        builder.SearchPath = null;
        builder.Options = null;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SET lock_timeout = '5s'; DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The same store reached under another application name (to find a replica's backends) or through a relay.</summary>
    public static string Via(string connectionString, string applicationName, TcpRelay? relay = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = applicationName };
        if (relay is not null)
        {
            // A frozen relay accepts and never answers: 3 s to connect keeps those tests short. Not on direct
            // connections: on a loaded machine a new PostgreSQL backend took longer than that to start.
            builder.Host = "127.0.0.1";
            builder.Port = relay.Port;
            builder.Timeout = 3;
        }

        return builder.ConnectionString;
    }

    /// <summary>Ends every server process of <paramref name="applicationName"/>, as an admin or a failover would.</summary>
    public static async Task<int> TerminateAsync(string connectionString, string applicationName)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", applicationName);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
