using Microsoft.Data.SqlClient;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database on the SQL Server that STRANGLER_TEST_SQLSERVER names, for the fleet store's SQL Server
/// statements; the calling test skips, saying why, when no server is configured.
/// </summary>
internal static class SqlServerFleetDatabase
{
    public static async Task<string> CreateAsync(string prefix)
    {
        var server = Environment.GetEnvironmentVariable("STRANGLER_TEST_SQLSERVER");
        if (string.IsNullOrEmpty(server))
        {
            Assert.Skip("STRANGLER_TEST_SQLSERVER is not set: no SQL Server can run on this machine (docker compose brings one up elsewhere).");
        }

        var name = prefix + "_" + Guid.NewGuid().ToString("N");
        await using (var connection = new SqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{name}]", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
        await new MigrationRunner(SqlDialects.For(LegacyProvider.SqlServer), TimeProvider.System)
            .ApplyAsync(connectionString, MigrationSource.Embedded(LegacyProvider.SqlServer));
        return connectionString;
    }
}
