using Strangler.Cli.Tests.Commands.Reconcile;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Load;

/// <summary><c>strangler load</c> while a long transaction in the legacy database holds back its log position.</summary>
public sealed class LoadPositionWaitTests
{
    [Fact]
    public async Task A_transaction_that_outlasts_PositionWait_is_named_and_the_load_says_nothing_was_loaded()
    {
        // It ended as "unexpected error (TimeoutException): transactions open since the log position was read did not
        // end within ...", as if Strangler had broken, naming no session.
        await using var job = await CrmJob.CreateAsync([1, 2]);
        await using var held = await job.HoldTransactionAsync();

        var result = await CliRunner.RunAsync(job.Arguments("load", job.Directory.Combine("load.ndjson"), "--Strangler:Sync:Reconcile:PositionWait=00:00:01"));

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("load: transactions open since the log position was read did not end within 00:00:01 (Strangler:Sync:Reconcile:PositionWait): " +
            "still open in pid ", line);
        // Other sessions of the server (other tests) may be listed too: the wait is for every transaction open then.
        Assert.Contains($"pid {held.ProcessID} ((no application_name), open since ", line);
        Assert.EndsWith("; let them end, or raise PositionWait. Nothing was loaded; run the same command again.", line);
        Assert.DoesNotContain("unexpected", line);
    }
}
