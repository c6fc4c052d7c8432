using Microsoft.Data.Sqlite;
using Strangler.Cli.Errors;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Reconcile;

/// <summary>
/// <c>strangler reconcile</c> and <c>strangler load</c> pass unknown arguments to the configuration as settings; one
/// that cannot be a setting is a mistake, refused before the job reads or writes anything.
/// </summary>
public sealed class JobArgumentTests
{
    [Theory]
    [InlineData("reconcile", "--repiar", "new")]
    [InlineData("reconcile", "--restrat")]
    [InlineData("reconcile", "-r", "new")]
    [InlineData("reconcile", "extra")]
    [InlineData("reconcile", "--Strangler__Sync__Reconcile__BatchSize=10")]
    [InlineData("load", "--reprt", "other.ndjson")]
    [InlineData("load", "--Strangler:Sync:Reconcile:BatchSize")]
    public async Task A_misspelled_option_is_refused_naming_it_and_no_job_runs(string command, params string[] mistake)
    {
        // A misspelled --repair ran a whole reconcile that repaired nothing, and exited as if all was well.
        using var directory = new TempDirectory();
        var report = directory.Combine("job.ndjson");

        var result = await CliRunner.RunAsync([command, "crm", "--report", report, .. await SettingsAsync(directory), .. mistake]);

        Assert.True(result.ExitCode == 2, result.ToString()); // a usage mistake, as the parser's own (README, "Exit codes")
        // A refused setting's value is never echoed (it may be a password): the name is, with the value hidden.
        var named = mistake[0].Split('=', 2) is [var name, _] ? $"{name}={SettingArguments.HiddenValue}" : mistake[0];
        Assert.Contains($"'{named}'", result.Error);
        Assert.Contains($"strangler {command}:", result.Error);
        Assert.False(File.Exists(report), "the job ran");
        Assert.False(File.Exists(directory.Combine("store.db")), "the job opened the store");
    }

    [Theory]
    [InlineData("reconcile")]
    [InlineData("load")]
    public async Task Settings_in_either_form_are_accepted(string command)
    {
        using var directory = new TempDirectory();
        var report = directory.Combine("job.ndjson");

        var result = await CliRunner.RunAsync([command, "crm", "--report", report, .. await SettingsAsync(directory),
            "--Strangler:Sync:Reconcile:BatchSize", "10", "/Strangler:Sync:Reconcile:Concurrency=2"]);

        Assert.True(result.ExitCode is 0 or 3, result.ToString());
        Assert.True(File.Exists(report), result.ToString());
    }

    [Theory]
    [InlineData("reconcile", "under-a-file")]
    [InlineData("load", "under-a-file")]
    [InlineData("reconcile", "proc")]
    [InlineData("load", "proc")]
    public async Task A_report_path_that_cannot_be_written_is_refused_naming_it_and_why(string command, string where)
    {
        // Under a file the job said "The file '...' already exists."; under /proc, "Could not find file".
        using var directory = new TempDirectory();
        var file = directory.Combine("a-file");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);
        var report = where == "proc" ? "/proc/strangler-report/job.ndjson" : Path.Combine(file, "job.ndjson");

        var result = await CliRunner.RunAsync([command, "crm", "--report", report, .. await SettingsAsync(directory)]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"the report '{report}' cannot be written", result.Error);
        Assert.Contains(where == "proc" ? "its folder '/proc/strangler-report' cannot be created" : $"'{file}' is a file, not a folder", result.Error);
        Assert.DoesNotContain("already exists", result.Error);
        Assert.DoesNotContain("Could not find", result.Error);
    }

    private static async Task<string[]> SettingsAsync(TempDirectory directory)
    {
        var legacy = $"Data Source={directory.Combine("legacy.db")};Pooling=False";
        var migrate = await CliRunner.RunAsync("migrate", "--provider", "sqlite", "--connection", legacy); // the capture's tables, for load's position
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        await using (var connection = new SqliteConnection(legacy))
        {
            connection.Open();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE crm (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO crm VALUES (1, 'Ada'), (2, 'Grace')";
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        return
        [
            $"--Strangler:Sync:Store:LiteDbPath={directory.Combine("store.db")}",
            "--Strangler:Sync:Projections:0:Name=crm", "--Strangler:Sync:Projections:0:Collection=crm",
            "--Strangler:Sync:Projections:0:Root:Table=crm", "--Strangler:Sync:Projections:0:Root:Topic=legacy.main.crm",
            "--Strangler:Sync:Reconcile:Provider=sqlite", $"--Strangler:Sync:Reconcile:ConnectionString={legacy}",
        ];
    }
}
