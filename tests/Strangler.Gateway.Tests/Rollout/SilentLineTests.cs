using Strangler.Gateway.Rollout.FleetGates;
using Strangler.Gateway.Rollout.Gates;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// The evaluation's <c>silent</c> line: a replica frozen or cut off longer than the freshness bound dropped out of the
/// fleet's sum unsaid, and the rollout promoted on the others' evidence while it may have been serving errors.
/// </summary>
public sealed class SilentLineTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-02T12:01:47Z");
    private static readonly TimeSpan GoneAfter = TimeSpan.FromMinutes(5);

    [Fact]
    public void ASilentReplica_IsNamedWithItsSilenceAndLastFigures_AndHoldsPromotion()
    {
        var line = SilentLine.For([Silent("gw-2", 42)], GoneAfter);

        Assert.NotNull(line);
        Assert.Equal(("silent", GateOutcome.Inconclusive), (line.Gate, line.Outcome));
        Assert.Equal("replica gw-2 silent for 42 s (last figures 12:01:05 UTC)", line.Value);
        Assert.Equal("no replica silent; one silent over 5 min is gone", line.Limit);
        Assert.StartsWith("replica gw-2 silent for 42 s (last figures 12:01:05 UTC): it may be serving traffic nobody counts, so promotion waits",
            line.Detail);
        Assert.EndsWith("a failing gate still rolls back", line.Detail);
    }

    [Fact]
    public void AReplicaJustGone_IsSaidToBeGone_AndNoLongerHoldsPromotion_ButOneStillSilentDoes()
    {
        var gone = Silent("gw-1", 303, gone: true);

        var alone = SilentLine.For([gone], GoneAfter)!;
        Assert.Equal(("replica gw-1 silent for 5 min 3 s, considered gone (last figures 11:56:44 UTC)", GateOutcome.Pass),
            (alone.Value, alone.Outcome));
        Assert.Null(alone.Detail);

        var both = SilentLine.For([gone, Silent("gw-3", 20)], GoneAfter)!;
        Assert.Equal(GateOutcome.Inconclusive, both.Outcome);
        Assert.Equal("replica gw-1 silent for 5 min 3 s, considered gone (last figures 11:56:44 UTC); replica gw-3 silent for 20 s (last figures 12:01:27 UTC)",
            both.Value);
    }

    [Fact]
    public void NoSilentReplica_GivesNoLine()
    {
        Assert.Null(SilentLine.For([], GoneAfter));
    }

    [Fact]
    public void AFailingGate_StillRollsBack_WhileAReplicaIsSilent()
    {
        // The combined outcome: a fail outweighs the silent line's inconclusive, so the evidence of harm still counts.
        var gates = new[]
        {
            new GateResult("errors", GateOutcome.Fail, "errors 40.0% vs 0.0% over 2 replicas", "new <= legacy + 1.0%"),
            SilentLine.For([Silent("gw-2", 42)], GoneAfter)!,
        };

        Assert.Equal(GateOutcome.Fail, RolloutEvaluator.Combine(gates));
        Assert.Equal(GateOutcome.Inconclusive, RolloutEvaluator.Combine([gates[1]]));
    }

    private static SilentReplica Silent(string replica, double seconds, bool gone = false) =>
        new(replica, TimeSpan.FromSeconds(seconds), Now - TimeSpan.FromSeconds(seconds), gone);
}
