using Npgsql;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>
/// A gateway fleet's PostgreSQL store for one test: a schema of its own, migrated by the real <c>strangler migrate</c>,
/// dropped again by <see cref="DropAsync"/>.
/// </summary>
internal static class FleetStore
{
    /// <summary>A fresh schema named <paramref name="prefix"/> plus a GUID, migrated; its connection string.</summary>
    public static async Task<string> MigratedAsync(string prefix)
    {
        var server = PostgresGate.ConnectionString("a fleet's store");
        var schema = prefix + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Unpooled: migrate's session advisory lock would otherwise stay with a pooled connection in this process.
        var store = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, Pooling = false }.ConnectionString;
        var migrate = await CliRunner.RunAsync("migrate", "--provider", "postgres", "--connection", store);
        if (migrate.ExitCode != 0)
        {
            // The caller never gets the store to drop.
            await DropAsync(store);
        }

        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        return store;
    }

    /// <summary>Drops the schema <paramref name="store"/> searches, whatever the test left in it.</summary>
    public static async Task DropAsync(string store)
    {
        var builder = new NpgsqlConnectionStringBuilder(store);
        var schema = builder.SearchPath;
        builder.SearchPath = null;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
