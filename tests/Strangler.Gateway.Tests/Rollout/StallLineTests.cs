using Strangler.Gateway.Rollout.FleetGates;
using Strangler.Gateway.Rollout.Gates;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// The evaluation's <c>stall</c> line in a fleet: it named only the evaluating gateway's own stalls, so a stall of
/// another replica, whose requests in flight were missing from the evidence just the same, went unsaid.
/// </summary>
public sealed class StallLineTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-02T01:00:00Z");

    [Fact]
    public void StallsOfOtherReplicasAndThisGateway_AreNamedEach_OthersFirstById_ThisGatewayLast()
    {
        var line = StallLine.For(
            [
                Stall(null, 1.3, 2),
                Stall("gw-3", 2.0, 1),
                Stall("gw-2", 24.9, 11),
                Stall("gw-3", 3.1, 4),
            ], Now - TimeSpan.FromMinutes(1));

        Assert.NotNull(line);
        Assert.Equal(("stall", GateOutcome.Pass), (line.Gate, line.Outcome));
        Assert.Equal("evidence paused: replica gw-2 stalled 24.9 s; replica gw-3 stalled 2 times, 5.1 s in all; this gateway stalled 1.3 s",
            line.Value);
        Assert.Equal("18 requests in flight then left out, both sides", line.Limit);
    }

    [Fact]
    public void OnlyThisGateway_SaysWhatASingleGatewaySays()
    {
        var line = StallLine.For([Stall(null, 24.9, 1)], Now - TimeSpan.FromMinutes(1));

        Assert.Equal(("evidence paused: this gateway stalled 24.9 s", "1 request in flight then left out, both sides"), (line!.Value, line.Limit));
    }

    [Fact]
    public void StallsThatEndedBeforeTheWindow_AreNotNamed_NoneLeftGivesNoLine()
    {
        var from = Now - TimeSpan.FromSeconds(20);
        var old = new ReplicaStall("gw-2", from - TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5), 3);

        Assert.Null(StallLine.For([old], from));
        Assert.Equal("evidence paused: this gateway stalled 1.0 s", StallLine.For([old, Stall(null, 1, 0)], from)!.Value);
    }

    private static ReplicaStall Stall(string? replica, double seconds, long excluded) =>
        new(replica, Now - TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(seconds), excluded);
}
