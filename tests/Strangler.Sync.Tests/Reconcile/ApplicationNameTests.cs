using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Tests.Backfill;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// The job's legacy connections name themselves. A DBA watching pg_stat_activity during the night's load saw five
/// sessions with an empty application_name and could not tell them from the monolith's.
/// </summary>
public sealed class ApplicationNameTests
{
    [Fact]
    public async Task A_Postgres_session_of_a_job_carries_the_jobs_name()
    {
        await using var legacy = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var reader = LegacyRowReaders.For(new ReconcileOptions { Provider = "postgres", ConnectionString = legacy.ConnectionString },
            TimeProvider.System, "strangler load customers");

        Assert.Equal("strangler load customers", await ApplicationNameAsync(reader));
    }

    [Fact]
    public async Task A_name_the_connection_string_gives_is_kept()
    {
        await using var legacy = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var reader = LegacyRowReaders.For(new ReconcileOptions { Provider = "postgres", ConnectionString = legacy.ConnectionString + ";Application Name=night-load" },
            TimeProvider.System, "strangler load customers");

        Assert.Equal("night-load", await ApplicationNameAsync(reader));
    }

    [Theory]
    [InlineData("Server=db;Database=legacy", "strangler reconcile customers")]
    [InlineData("Server=db;Database=legacy;Application Name=night-check", "night-check")]
    public void A_Sql_Server_connection_is_named_the_same_way(string connectionString, string expected)
    {
        // Not opened: no SQL Server on the build machine. SqlClient sends the connection string's name at login.
        var reader = LegacyRowReaders.For(new ReconcileOptions { Provider = "sqlserver", ConnectionString = connectionString },
            TimeProvider.System, "strangler reconcile customers");

        using var connection = reader.CreateConnection();
        Assert.Equal(expected, new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(connection.ConnectionString).ApplicationName);
    }

    private static async Task<string?> ApplicationNameAsync(ILegacyRowReader reader)
    {
        await using var connection = reader.CreateConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('application_name')";
        return (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
