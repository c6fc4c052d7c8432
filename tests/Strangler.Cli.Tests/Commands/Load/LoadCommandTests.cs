using Microsoft.Data.Sqlite;
using Strangler.Cli.Tests.Infrastructure;
using Strangler.Sync.Capture;
using Strangler.Sync.Reconcile;

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

        var result = await LoadAsync(directory);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"(?m)^crm: 2 keys loaded in \d+\.\d s at position SQLite capture change 2, 0 errors\r?\n", result.Output);
        Assert.DoesNotContain("mssql", result.Output);
        // It said "the consumer group already had offsets, or a running worker ... (or no Kafka is configured)": three
        // cases that each ask something else of the operator, for the one that happened.
        Assert.Contains("CDC: not handed over: no Kafka is configured (Strangler:Sync:BootstrapServers)", result.Output);
        Assert.DoesNotContain("already had committed offsets", result.Output);
        Assert.DoesNotContain("could not be loaded", result.Output);
    }

    [Fact]
    public async Task Load_WithKeysThatCannotBeLoaded_SaysWhereTheirReasonsAre()
    {
        // It said "2 errors" and exited 3, and the report of the keys and their reasons (by default load-<projection>.ndjson
        // in the current folder) was named nowhere.
        using var directory = new TempDirectory();
        var report = directory.Combine("load-crm.ndjson");

        var result = await LoadAsync(directory, "--Strangler:Sync:Projections:0:Root:Columns:name:Type=decimal"); // 'Ada' is no number

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(", 2 errors", result.Output);
        Assert.Contains($"the keys that could not be loaded, each with its reason: {report}", result.Output);
        Assert.Equal(2, File.ReadAllLines(report).Count(l => l.Contains("\"error\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Load_WithoutReport_WritesItsKeysInTheReportsDirectory_AsReconcileDoes()
    {
        // It wrote load-<projection>.ndjson in the current folder whatever Strangler:Sync:Reports:Directory said.
        using var directory = new TempDirectory();
        var reports = directory.Combine("reports");

        var result = await LoadAsync(directory, named: false, $"--Strangler:Sync:Reports:Directory={reports}",
            "--Strangler:Sync:Projections:0:Root:Columns:name:Type=decimal");

        Assert.True(result.ExitCode == 3, result.ToString());
        var report = Path.Combine(reports, "load-crm.ndjson");
        Assert.Contains($"the keys that could not be loaded, each with its reason: {report}", result.Output);
        Assert.Equal(2, File.ReadAllLines(report).Count(l => l.Contains("\"error\"", StringComparison.Ordinal)));
        // Not in the projection's folder, whose runs are reconcile reports the worker serves and a reconcile resumes.
        Assert.False(Directory.Exists(Path.Combine(reports, "crm")));
    }

    [Fact]
    public async Task Load_OnAReportAnotherJobHolds_SaysWhoHoldsIt_NotAnUnexpectedError()
    {
        // It ended as "unexpected error (InvalidOperationException): another ... is running", as if Strangler had broken.
        using var directory = new TempDirectory();
        var report = directory.Combine("load-crm.ndjson");
        using var held = JobLock.Acquire(report, "reconcile");

        var result = await LoadAsync(directory);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"load: another reconcile is running on the report '{report}' (it holds '{report}.lock', process {Environment.ProcessId} on {Environment.MachineName} since ", line);
        Assert.DoesNotContain("unexpected", line);
    }

    [Fact]
    public async Task Load_WithAKafkaThatDoesNotAnswer_SaysWhatItAsked_AndThatNothingWasLoaded_NotAnUnexpectedError()
    {
        // Walking it with a wrong Strangler:Sync:BootstrapServers: after 30 s it ended as "unexpected error
        // (KafkaException): Local: Broker transport failure (set STRANGLER_DEBUG=1 for details)", saying neither which
        // Kafka, why a load asks it, nor whether anything had been loaded. (A port of this helper's range that nothing
        // listens on: the connection is refused.)
        using var directory = new TempDirectory();

        var result = await LoadAsync(directory, "--Strangler:Sync:BootstrapServers=127.0.0.1:19499");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.StartsWith("load: ", StringComparison.Ordinal));
        Assert.StartsWith("load: Kafka at 127.0.0.1:19499 (Strangler:Sync:BootstrapServers) did not give the end offsets of legacy.main.crm", line);
        Assert.Contains("nothing was loaded", line);
        Assert.DoesNotContain("unexpected", result.Error);
        Assert.False(File.Exists(directory.Combine("load-crm.ndjson.checkpoint")));
    }

    [Fact]
    public async Task Load_RunAgainAfterItFinished_SaysSoAndLoadsNothing_UnlessRestarted()
    {
        // Bug: a second run of a finished load (the night's command run again, or to see how it ended) read every row
        // again at a new position, hours on a big table, without a word.
        using var directory = new TempDirectory();
        var first = await LoadAsync(directory);
        Assert.True(first.ExitCode == 0, first.ToString());
        var legacy = $"Data Source={directory.Combine("legacy.db")};Pooling=False";
        await using (var connection = new SqliteConnection(legacy))
        {
            connection.Open();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO crm (id, name) VALUES (3, 'Barbara')";
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var again = await RunLoadAsync(directory, named: true);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("crm: this load had already finished: 2 keys loaded at position SQLite capture change 2, 0 errors. Nothing was read or written now " +
            $"(its checkpoint: {directory.Combine("load-crm.ndjson.checkpoint")}); --restart loads every key again.", again.Output);
        Assert.DoesNotContain("CDC:", again.Output);

        var restarted = await RunLoadAsync(directory, named: true, "--restart");

        Assert.True(restarted.ExitCode == 0, restarted.ToString());
        Assert.Matches(@"(?m)^crm: 3 keys loaded in \d+\.\d s at position SQLite capture change 3, 0 errors\r?\n", restarted.Output);
    }

    private static Task<CliResult> LoadAsync(TempDirectory directory, params string[] settings) => LoadAsync(directory, named: true, settings);

    private static async Task<CliResult> LoadAsync(TempDirectory directory, bool named, params string[] settings)
    {
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

        return await RunLoadAsync(directory, named, settings);
    }

    // The command alone, on the legacy database LoadAsync made.
    private static Task<CliResult> RunLoadAsync(TempDirectory directory, bool named, params string[] settings)
    {
        var legacy = $"Data Source={directory.Combine("legacy.db")};Pooling=False";
        string[] report = named ? ["--report", directory.Combine("load-crm.ndjson")] : [];
        return CliRunner.RunAsync(["load", "crm", .. report,
            $"--Strangler:Sync:Store:LiteDbPath={directory.Combine("store.db")}",
            "--Strangler:Sync:Projections:0:Name=crm", "--Strangler:Sync:Projections:0:Collection=crm",
            "--Strangler:Sync:Projections:0:Root:Table=crm", "--Strangler:Sync:Projections:0:Root:Topic=legacy.main.crm",
            "--Strangler:Sync:Reconcile:Provider=sqlite", $"--Strangler:Sync:Reconcile:ConnectionString={legacy}", .. settings]);
    }
}
