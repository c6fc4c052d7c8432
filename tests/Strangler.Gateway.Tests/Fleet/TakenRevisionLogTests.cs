using System.Net;
using Npgsql;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

// Bug: a replica that took a flip made through another replica logged only "Route state revision 8 serving (1
// sub-domain(s), from store)": not which sub-domain changed, from what to what, who flipped it, nor why.
public sealed class TakenRevisionLogTests
{
    [Fact]
    public async Task AReplicaTakingAFlip_LogsTheSubdomainTheModesTheActorAndTheReason_InOneLine()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        var logs = new CapturedLogLines();
        var other = await fleet.StartReplicaAsync("other", logs: logs);

        var revision = await FlipAsync(fleet.Replicas[0], "new", "ada", "release 42");

        var line = await Eventually.UntilAsync(() => Task.FromResult(ServedLine(logs, revision)), l => l is not null,
            "the other replica to log the revision it took");
        Assert.Equal($"Route state revision {revision} serving (1 sub-domain(s), from store): customers legacy -> new (flip by ada: release 42)", line);
        Assert.DoesNotContain(fleet.New.Url, string.Join('\n', logs.Lines));
        Assert.Equal(revision, FleetRig.Revision(other));
    }

    [Fact]
    public async Task AReplicaCatchingUpOverSeveralRevisions_LogsOneLinePerRevision()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        var builder = new NpgsqlConnectionStringBuilder(fleet.ConnectionString);
        await using var relay = new TcpRelay(builder.Host!, builder.Port);
        var logs = new CapturedLogLines();
        var cutOff = await fleet.StartReplicaAsync("cut-off", relay, logs: logs);

        relay.Cut();
        var canary = await FlipAsync(fleet.Replicas[0], "canary", "ada", "first users", percentage: 10);
        var all = await FlipAsync(fleet.Replicas[0], "new", "bob", "all in");
        relay.Restore();

        // The line, not the revision served: the revision is set before the line is written.
        await Eventually.UntilAsync(() => Task.FromResult(ServedLine(logs, all)), l => l is not null, "catch-up after reconnect");
        Assert.Equal(all, FleetRig.Revision(cutOff));
        var lines = logs.Lines.Where(l => l.StartsWith("Route state revision", StringComparison.Ordinal)).ToList();
        Assert.Contains($"Route state revision {canary} passed over, this replica went on to revision {all}: customers legacy -> canary:10 (flip by ada: first users)", lines);
        Assert.Contains($"Route state revision {all} serving (1 sub-domain(s), from store): customers canary:10 -> new (flip by bob: all in)", lines);
    }

    // A replica back from a long outage must not write a line for each of hundreds of revisions.
    [Fact]
    public async Task ACatchUpOverManyRevisions_ListsTheLast20_AndCountsTheOthers()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        var builder = new NpgsqlConnectionStringBuilder(fleet.ConnectionString);
        await using var relay = new TcpRelay(builder.Host!, builder.Port);
        var logs = new CapturedLogLines();
        var cutOff = await fleet.StartReplicaAsync("cut-off", relay, logs: logs);

        relay.Cut();
        var revisions = new List<long>();
        for (var i = 0; i < 24; i++)
        {
            revisions.Add(await FlipAsync(fleet.Replicas[0], i % 2 == 0 ? "new" : "legacy", "ops", $"flip {i}"));
        }

        relay.Restore();

        await Eventually.UntilAsync(() => Task.FromResult(ServedLine(logs, revisions[^1])), l => l is not null, "catch-up after reconnect");
        Assert.Equal(revisions[^1], FleetRig.Revision(cutOff));
        var lines = logs.Lines.Where(l => l.StartsWith("Route state revision", StringComparison.Ordinal)).ToList();
        Assert.Contains($"Route state revisions {revisions[0]} to {revisions[2]} passed over, this replica went on to revision {revisions[^1]}: "
            + "3 revision(s) not listed here (strangler routes history lists them)", lines);
        Assert.Equal(20, lines.Count(l => l.StartsWith("Route state revision ", StringComparison.Ordinal) && l.Contains(" passed over", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith($"Route state revision {revisions[3]} passed over", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Route state revision {revisions[^1]} serving", StringComparison.Ordinal) && l.EndsWith("(flip by ops: flip 23)", StringComparison.Ordinal));
    }

    private static async Task<long> FlipAsync(GatewayHost replica, string mode, string actor, string reason, int? percentage = null)
    {
        var (flip, change) = await replica.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode, percentage, reason, actor });
        Assert.Equal(HttpStatusCode.OK, flip.StatusCode);
        return (long)change!["revision"]!;
    }

    private static string? ServedLine(CapturedLogLines logs, long revision) =>
        logs.Lines.FirstOrDefault(l => l.StartsWith($"Route state revision {revision} serving", StringComparison.Ordinal));
}
