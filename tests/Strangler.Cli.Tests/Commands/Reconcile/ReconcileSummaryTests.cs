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
