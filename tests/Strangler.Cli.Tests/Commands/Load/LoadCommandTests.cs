using Microsoft.Data.Sqlite;
using Strangler.Cli.Tests.Infrastructure;
using Strangler.Sync.Capture;

namespace Strangler.Cli.Tests.Commands.Load;

/// <summary><c>strangler load</c> from a SQLite legacy database with the built-in capture, into an embedded store.</summary>
public sealed class LoadCommandTests
{
    [Fact]
    public async Task Load_FromSqlite_PrintsItsPositionAsTheCapturesChange_NotAsASqlServerLsn()
    {
        // It printed "at position mssql:00000000000000000002:…": the capture's position in the SQL Server shape its
        // messages imitate, which a SQLite user has no reason to know.
        using var directory = new TempDirectory();
        var legacy = $"Data Source={directory.Combine("legacy.db")};Pooling=False";
        var migrate = await CliRunner.RunAsync("migrate", "--provider", "sqlite", "--connection", legacy); // the capture's tables
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        await using (var connection = new SqliteConnection(legacy))
        {
            connection.Open();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE crm (id INTEGER PRIMARY KEY, name TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            CaptureTriggerInstaller.Install(connection, ["crm"]);
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO crm (id, name) VALUES (1, 'Ada'), (2, 'Grace')";
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var result = await CliRunner.RunAsync("load", "crm", "--report", directory.Combine("load-crm.ndjson"),
            $"--Strangler:Sync:Store:LiteDbPath={directory.Combine("store.db")}",
            "--Strangler:Sync:Projections:0:Name=crm", "--Strangler:Sync:Projections:0:Collection=crm",
            "--Strangler:Sync:Projections:0:Root:Table=crm", "--Strangler:Sync:Projections:0:Root:Topic=legacy.main.crm",
            "--Strangler:Sync:Reconcile:Provider=sqlite", $"--Strangler:Sync:Reconcile:ConnectionString={legacy}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"(?m)^crm: 2 keys loaded in \d+\.\d s at position SQLite capture change 2, 0 errors\r?\n", result.Output);
        Assert.DoesNotContain("mssql", result.Output);
    }
}
