using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Reconcile;

/// <summary>The summary <c>strangler reconcile</c> ends with, read by whoever runs it.</summary>
public sealed class ReconcileSummaryTests
{
    [Fact]
    public async Task A_repair_that_leaves_findings_says_how_many_and_where_they_are()
    {
        // Bug: "7 findings ... repaired (new): 6" and exit 3, with no word of which finding was left or why: the
        // operator had to know that error findings are never repaired.
        await using var job = await CrmJob.CreateAsync([1, 2, 3]);
        await job.ExecuteAsync("UPDATE crm SET name = '7' WHERE id IN (1, 2)");
        string[] numbers = ["--Strangler:Sync:Projections:0:Root:Columns:name:Type=decimal"]; // 'name 3' is no number
        var load = await CliRunner.RunAsync(job.Arguments("load", job.Directory.Combine("load.ndjson"), numbers));
        Assert.True(load.ExitCode == 3, load.ToString());
        await job.ExecuteAsync("UPDATE crm SET name = '8' WHERE id = 1");
        var report = job.Directory.Combine("reconcile.ndjson");

        var result = await CliRunner.RunAsync(job.Arguments("reconcile", report, [.. numbers, "--repair", "new",
            "--Strangler:Sync:Reconcile:RecheckDelay=00:00:00"]));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("  repaired (new): 1" + Environment.NewLine, result.Output);
        Assert.Contains("  not repaired: 1 (the report's findings without \"repaired\"; each says why in \"error\")" + Environment.NewLine, result.Output);
    }

    [Fact]
    public async Task The_summary_counts_the_legacy_keys_and_the_store_ids_apart()
    {
        // Bug: "6 keys checked" for 3 rows: both sides' keys were added up, read as a miscount of the table.
        await using var job = await CrmJob.CreateAsync([1, 2, 3]);
        var load = await CliRunner.RunAsync(job.Arguments("load", job.Directory.Combine("load.ndjson")));
        Assert.True(load.ExitCode == 0, load.ToString());

        var result = await CliRunner.RunAsync(job.Arguments("reconcile", job.Directory.Combine("reconcile.ndjson")));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^crm: 3 legacy keys and 3 store ids checked in \d+\.\d s, 0 findings$", result.Output.Split(Environment.NewLine)
            .Single(l => l.StartsWith("crm: ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("reconcile")]
    [InlineData("load")]
    public async Task A_max_rate_is_taken_and_one_below_1_is_refused_naming_it(string command)
    {
        await using var job = await CrmJob.CreateAsync([1, 2, 3]);
        var report = job.Directory.Combine(command + ".ndjson");

        var refused = await CliRunner.RunAsync(job.Arguments(command, report, "--max-rate", "0"));
        var taken = await CliRunner.RunAsync(job.Arguments(command, report, "--max-rate", "1000"));

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("--max-rate must be a whole number from 1 to 10000000 (keys per second) (was '0').", refused.Error);
        // The store is empty: the load fills it (exit 0), the reconcile finds the three rows missing in it (exit 3).
        Assert.True(taken.ExitCode == (command == "load" ? 0 : 3), taken.ToString());
        Assert.Contains("crm: 3 ", taken.Output);
    }

    [Fact]
    public async Task A_repair_that_repairs_everything_says_nothing_of_what_is_left()
    {
        await using var job = await CrmJob.CreateAsync([1, 2]);
        var load = await CliRunner.RunAsync(job.Arguments("load", job.Directory.Combine("load.ndjson")));
        Assert.True(load.ExitCode == 0, load.ToString());
        await job.ExecuteAsync("UPDATE crm SET name = 'renamed' WHERE id = 1");

        var result = await CliRunner.RunAsync(job.Arguments("reconcile", job.Directory.Combine("reconcile.ndjson"), "--repair", "new",
            "--Strangler:Sync:Reconcile:RecheckDelay=00:00:00"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("  repaired (new): 1" + Environment.NewLine, result.Output);
        Assert.DoesNotContain("not repaired", result.Output);
    }
}
