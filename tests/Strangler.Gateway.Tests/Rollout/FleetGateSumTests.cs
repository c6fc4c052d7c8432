using System.Text.Json;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Rollout.FleetGates;
using Strangler.Gateway.Rollout.Gates;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>Issue 14: the rollout gates judge the fleet's traffic, summed from each replica's published slots.</summary>
public sealed class FleetGateSumTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-02T09:00:05Z");
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan GoneAfter = TimeSpan.FromMinutes(5);
    private static readonly long Last = Now.ToUnixTimeMilliseconds() / 10_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void CountsOfEveryFreshReplica_AreAddedToThisReplicasOwn_AndTheReplicasCounted()
    {
        var sum = FleetGateSum.Sum("customers", Now, Window,
            [Slot(Last, 10, 1, latencyBucket: 3)], [Slot(Last - 1, 20, 0, latencyBucket: 3)], "self",
            [
                Row("r1", Doc(Route("customers", [Slot(Last, 30, 3, 3), Slot(Last - 2, 5, 0, 3)], [Slot(Last, 40, 2, 3, fallbacks: 4)]))),
                Row("r2", Doc(Route("customers", [Slot(Last - 1, 7, 7, 3)], []))),
            ], Fresh, GoneAfter);

        Assert.Equal((52L, 11L), (sum.New.Requests, sum.New.Errors));
        Assert.Equal((60L, 2L, 4L), (sum.Legacy.Requests, sum.Legacy.Errors, sum.Legacy.Fallbacks));
        Assert.Equal(3, sum.Replicas);
        Assert.Empty(sum.Unpublished);
        // Rates over the time the slots cover, as a single gateway's Summarize reads them: 40 s back, 4 slots.
        Assert.Equal(52 / 35.0, sum.New.RequestsPerSecond, 3);
    }

    [Fact]
    public void P99_IsReadFromTheMergedHistogram_NotAveragedOverReplicas()
    {
        // 1000 fast requests here; another replica served 20 slow ones: more than 1 % of the fleet's, so the fleet's p99
        // is slow, although an average of the two p99s would be half of it and this replica's own is fast.
        var slow = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 1000, 0, latencyBucket: 2)], [], "self",
            [Row("r1", Doc(Route("customers", [Slot(Last, 20, 0, latencyBucket: 20)], [])))], Fresh, GoneAfter);
        Assert.Equal(LatencyBuckets.UpperBounds[20], slow.New.P99Seconds);

        // 5 slow of 1005 is under 1 %: the fleet's p99 is fast although that replica's own p99 is slow.
        var fast = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 1000, 0, latencyBucket: 2)], [], "self",
            [Row("r1", Doc(Route("customers", [Slot(Last, 5, 0, latencyBucket: 20)], [])))], Fresh, GoneAfter);
        Assert.Equal(LatencyBuckets.UpperBounds[2], fast.New.P99Seconds);
    }

    [Fact]
    public void AStaleRow_IsLeftOut_AndThisReplicasOwnPublishedRowIsNotCountedTwice()
    {
        var sum = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 10, 0, 3)], [], "self",
            [
                Row("stopped", Doc(Route("customers", [Slot(Last, 500, 500, 3)], [])), age: Fresh + TimeSpan.FromMilliseconds(1)),
                Row("self", Doc(Route("customers", [Slot(Last, 10, 0, 3)], []))),
                Row("r1", Doc(Route("customers", [Slot(Last, 1, 0, 3)], [])), age: Fresh),
            ], Fresh, GoneAfter);

        Assert.Equal((11L, 0L, 2), (sum.New.Requests, sum.New.Errors, sum.Replicas));
    }

    [Fact]
    public void AReplicaWithNoRow_IsNotCounted_OneWithoutGateFiguresOrWithBadOnes_IsNamed()
    {
        // Three replicas serve; "quiet" has not published yet (no row), "old" publishes no gate figures, "broken" bad ones.
        var sum = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 10, 0, 3)], [], "self",
            [
                Row("old", null),
                Row("broken", """{"w":10,"routes":[{"name":"customers","new":[{"s":1,"r":1,"e":0,"f":0,"l":[99,1]}],"legacy":[],"diff":[]}]}"""),
                Row("garbled", "{not json"),
                Row("coarse", """{"w":60,"routes":[]}"""),
                Row("r1", Doc(Route("customers", [Slot(Last, 4, 0, 3)], []))),
            ], Fresh, GoneAfter);

        Assert.Equal((14L, 2), (sum.New.Requests, sum.Replicas));
        Assert.Equal(["old", "broken", "garbled", "coarse"], sum.Unpublished.Select(u => u[..u.IndexOf(' ')]));
        Assert.Contains("publishes no gate figures", sum.Unpublished[0]);
        Assert.Contains("60 s slots", sum.Unpublished[3]);
    }

    // Each of the reader's checks, with a document that fails only that one: without the check, the row would be
    // summed (an odd latency array is read as pairs, a negative count subtracts) or summing it would throw (a null
    // list, slot, diff minute or latency array, a bucket index out of range).
    [Theory]
    [InlineData("null", "gate figures are null")]
    [InlineData("{not json", "gate figures are not valid JSON at line 1, column 2: ")]
    [InlineData("""{"w":"ten","routes":[]}""", "gate figures are not valid JSON at line 1, column 11 ($.w): ")]
    [InlineData("""{"w":10}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[null]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","legacy":[],"diff":[]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[],"diff":[]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[],"legacy":[]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[null],"legacy":[],"diff":[]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[{"s":%,"r":1,"e":0,"f":0}],"legacy":[],"diff":[]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[{"s":%,"r":1,"e":0,"f":0,"l":[3,1,4]}],"legacy":[],"diff":[]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[],"legacy":[{"s":%,"r":1,"e":0,"f":0,"l":[-1,1]}],"diff":[]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[{"s":%,"r":1,"e":0,"f":0,"l":[#,1]}],"legacy":[],"diff":[]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[],"legacy":[],"diff":[null]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[],"legacy":[],"diff":[{"m":0,"c":-5,"d":0}]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[{"s":%,"r":-9,"e":0,"f":0,"l":[]}],"legacy":[],"diff":[]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[{"s":%,"r":1,"e":-1,"f":0,"l":[]}],"legacy":[],"diff":[]}]}""", "gate figures are malformed")]
    [InlineData("""{"w":10,"routes":[{"name":"customers","new":[],"legacy":[{"s":%,"r":1,"e":0,"f":0,"l":[3,-1]}],"diff":[]}]}""", "gate figures are malformed")]
    public void ARowThatFailsAnyCheck_IsNamedWithWhy_AndNotSummed(string json, string why)
    {
        json = json.Replace("%", Last.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("#", LatencyBuckets.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var sum = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 10, 0, 3)], [Slot(Last, 20, 0, 3)], "self",
            [Row("bad", json)], Fresh, GoneAfter);

        Assert.StartsWith("bad (" + why, Assert.Single(sum.Unpublished));
        Assert.DoesNotContain("LineNumber", sum.Unpublished[0]);
        Assert.Equal((1, 10L, 20L), (sum.Replicas, sum.New.Requests, sum.Legacy.Requests));
    }

    [Fact]
    public void SlotsAndShadowMinutesOutsideTheWindow_AndOtherSubdomains_AreLeftOut()
    {
        var minute = Now.ToUnixTimeSeconds() / 60 * 60;
        var other = Route("customers", [Slot(Last - 4, 100, 100, 3), Slot(Last - 3, 1, 0, 3), Slot(Last + 1, 100, 100, 3)], []) with
        {
            Diff = [new PublishedDiff(minute, 50, 5), new PublishedDiff(minute - 60, 1000, 1000)],
        };
        var sum = FleetGateSum.Sum("customers", Now, Window, [], [], "self",
            [Row("r1", Doc(other, Route("orders", [Slot(Last, 100, 100, 3)], [])))], Fresh, GoneAfter);

        // The window of 40 s from 09:00:05 starts in slot Last - 4, which (as in Summarize) does not count.
        Assert.Equal((1L, 0L), (sum.New.Requests, sum.New.Errors));
        Assert.Equal((50L, 5L), (sum.OthersDiff.Compared, sum.OthersDiff.Differing));
        Assert.Equal(2, sum.Replicas);
    }

    [Fact]
    public void StallsOfSummedReplicas_ThatEndedInTheWindow_AreGathered_ANewerOrOlderDocumentIsReadAsBefore()
    {
        var inWindow = new PublishedStall((Now - TimeSpan.FromSeconds(30)).ToUnixTimeMilliseconds(), 24_900, 11);
        var before = new PublishedStall((Now - TimeSpan.FromMinutes(5)).ToUnixTimeMilliseconds(), 3_000, 2);
        var customers = Route("customers", [Slot(Last, 4, 0, 3)], []);
        var sum = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 10, 0, 3)], [], "self",
            [
                Row("gw-2", JsonSerializer.Serialize(new GateSlotsDocument(10, [customers], [before, inWindow]), Json)),
                // A version before stalls were published: no property at all.
                Row("old", Doc(customers)),
                // A later version's property this one does not know is no reason to leave its figures out.
                Row("newer", """{"w":10,"routes":[],"stalls":[],"future":{"x":1}}"""),
                Row("stale", JsonSerializer.Serialize(new GateSlotsDocument(10, [], [inWindow]), Json), age: Fresh * 2),
            ], Fresh, GoneAfter);

        var stall = Assert.Single(sum.OthersStalls);
        Assert.Equal(new ReplicaStall("gw-2", Now - TimeSpan.FromSeconds(30) + TimeSpan.FromMilliseconds(24_900),
            TimeSpan.FromMilliseconds(24_900), 11), stall);
        Assert.Empty(sum.Unpublished);
        Assert.Equal((4, 18L), (sum.Replicas, sum.New.Requests));
    }

    [Theory]
    [InlineData("""{"w":10,"routes":[],"stalls":[null]}""")]
    [InlineData("""{"w":10,"routes":[],"stalls":[{"s":1,"ms":-5,"x":0}]}""")]
    [InlineData("""{"w":10,"routes":[],"stalls":[{"s":1,"ms":5,"x":-1}]}""")]
    [InlineData("""{"w":10,"routes":[],"stalls":[{"s":-1,"ms":5,"x":0}]}""")]
    [InlineData("""{"w":10,"routes":[],"stalls":[{"s":1,"ms":86400001,"x":0}]}""")]
    [InlineData("""{"w":10,"routes":[],"stalls":[{"s":253402300799999,"ms":5,"x":0}]}""")]
    [InlineData("""{"w":10,"routes":[],"at":-1}""")]
    [InlineData("""{"w":10,"routes":[],"at":9223372036854775807}""")]
    public void AStallThatCannotBeRead_MakesTheRowUnpublished_NotAThrowOnTheHolder(string json)
    {
        var sum = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 10, 0, 3)], [], "self", [Row("bad", json)], Fresh, GoneAfter);

        Assert.StartsWith("bad (gate figures are malformed", Assert.Single(sum.Unpublished));
        Assert.Empty(sum.OthersStalls);
    }

    [Fact]
    public void AReplicaPastTheFreshnessBound_IsNamedSilent_WithItsSilenceAndLastFigures_NotOnlyLeftOut()
    {
        // "frozen" stopped publishing 42 s ago, "crashed" 5 min 3 s ago (gone 3 s ago: within the 40 s window, named as
        // gone), "long-gone" left the window's reach, "self" is this replica's own old row (its evidence is live).
        var sum = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 10, 0, 3)], [], "self",
            [
                Row("r1", Doc(Route("customers", [Slot(Last, 1, 0, 3)], []))),
                Row("long-gone", null, age: GoneAfter + Window + TimeSpan.FromSeconds(1)),
                Row("frozen", Doc(Route("customers", [Slot(Last - 5, 500, 500, 3)], [])), age: TimeSpan.FromSeconds(42)),
                Row("self", null, age: TimeSpan.FromMinutes(1)),
                Row("crashed", null, age: GoneAfter + TimeSpan.FromSeconds(3)),
                Row("just-fresh", Doc(Route("customers", [], [])), age: Fresh),
            ], Fresh, GoneAfter);

        Assert.Equal(
            [
                new SilentReplica("crashed", GoneAfter + TimeSpan.FromSeconds(3), Now - GoneAfter - TimeSpan.FromSeconds(3), Gone: true),
                new SilentReplica("frozen", TimeSpan.FromSeconds(42), Now - TimeSpan.FromSeconds(42), Gone: false),
            ],
            sum.Silent);
        // Out of the sum as before: its last figures are not judged, only named.
        Assert.Equal((11L, 0L, 3), (sum.New.Requests, sum.New.Errors, sum.Replicas));
    }

    [Fact]
    public void AReplicaThatLeft_IsSummedWhileTheWindowReachesItsLastFigures_NeitherSilentNorGone_ThenDropsOutUnnamed()
    {
        // "drained" stopped cleanly 30 s ago (past the freshness bound, within the 40 s window): its slot in the window
        // counts, its older one does not; "long-left" left 41 s ago, so nothing of it is in the window; "gone-left" left
        // past the gone bound. Before, a clean stop deleted the rows, and the 500 requests were dropped from the sum.
        var sum = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 10, 0, 3)], [], "self",
            [
                Row("drained", Doc(Route("customers", [Slot(Last - 3, 500, 50, 3), Slot(Last - 5, 100, 100, 3)], [])), age: TimeSpan.FromSeconds(30), left: true),
                Row("long-left", Doc(Route("customers", [Slot(Last - 4, 7, 7, 3)], [])), age: Window + TimeSpan.FromSeconds(1), left: true),
                Row("gone-left", null, age: GoneAfter + TimeSpan.FromSeconds(3), left: true),
            ], Fresh, GoneAfter);

        Assert.Equal((510L, 50L, 2), (sum.New.Requests, sum.New.Errors, sum.Replicas));
        Assert.Empty(sum.Silent);
        Assert.Empty(sum.Unpublished);
        Assert.Equal([new LeftReplica("drained", TimeSpan.FromSeconds(30), Now - TimeSpan.FromSeconds(30))], sum.Left);
        Assert.Equal(("left", "replica drained left 30 s ago, its figures to 08:59:35 UTC counted"),
            LeftLine.For(sum.Left) is { } line ? (line.Gate, line.Value) : default);
    }

    // "skewed" served 30 requests (3 errors) in this replica's slot Last, 5 in Last - 1, 40 shadow comparisons this
    // minute, and stalled until 30 s ago, all dated on its own clock, which runs `seconds` from this one's. Before, the
    // holder cut those dates to its own window: 2 minutes either way, nothing of it was judged; 63 s ahead, only what
    // its clock dated within the window (none of the slots, the wrong minute).
    [Theory]
    [InlineData(120)]
    [InlineData(-120)]
    [InlineData(63)]
    [InlineData(-300)]
    public void AReplicaWhoseClockIsOff_HasItsFiguresMovedOntoThisClock_AndIsNamed(int seconds)
    {
        var off = TimeSpan.FromSeconds(seconds);
        var age = TimeSpan.FromSeconds(3);
        var slots = (long)Math.Round(seconds / 10.0, MidpointRounding.AwayFromZero);
        var ownMinute = (Now - age + off).ToUnixTimeSeconds() / 60 * 60;
        var route = Route("customers", [Slot(Last + slots, 30, 3, 3), Slot(Last - 1 + slots, 5, 0, 3)], []) with
        {
            Diff = [new PublishedDiff(ownMinute, 40, 4)],
        };
        var stall = new PublishedStall((Now - TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(900) + off).ToUnixTimeMilliseconds(), 900, 2);
        var document = new GateSlotsDocument(10, [route], [stall], (Now - age + off).ToUnixTimeMilliseconds());

        var sum = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 10, 0, 3)], [], "self",
            [Row("skewed", JsonSerializer.Serialize(document, Json), age)], Fresh, GoneAfter);

        Assert.Equal((45L, 3L, 2), (sum.New.Requests, sum.New.Errors, sum.Replicas));
        Assert.Equal((40L, 4L), (sum.OthersDiff.Compared, sum.OthersDiff.Differing));
        Assert.Equal(Now - TimeSpan.FromSeconds(30), Assert.Single(sum.OthersStalls).EndedAt);
        Assert.Equal([new ReplicaClock("skewed", off)], sum.Clocks);
        var line = ClockLine.For(sum.Clocks)!;
        Assert.Equal(("clock", GateOutcome.Pass), (line.Gate, line.Outcome));
        Assert.Equal($"replica skewed's clock is {(Math.Abs(seconds) < 120 ? $"{Math.Abs(seconds)} s" : $"{Math.Abs(seconds) / 60} min")} "
            + $"{(seconds > 0 ? "ahead of" : "behind")} this replica's", line.Value);
    }

    [Fact]
    public void AClockWithinASlot_IsInStep_AndAClockADayOff_CannotDateItsFigures()
    {
        var age = TimeSpan.FromSeconds(2);
        string Dated(TimeSpan off, long requests) => JsonSerializer.Serialize(new GateSlotsDocument(10,
            [Route("customers", [Slot(Last, requests, 0, 3)], [])], [], (Now - age + off).ToUnixTimeMilliseconds()), Json);

        var sum = FleetGateSum.Sum("customers", Now, Window, [Slot(Last, 10, 0, 3)], [], "self",
            [
                Row("close", Dated(TimeSpan.FromSeconds(9.9), 4), age),
                Row("broken", Dated(TimeSpan.FromDays(2), 500), age),
            ], Fresh, GoneAfter);

        Assert.Equal((14L, 2), (sum.New.Requests, sum.Replicas));
        Assert.Empty(sum.Clocks);
        Assert.Null(ClockLine.For(sum.Clocks));
        Assert.Equal("broken (its clock is 2 days ahead of this replica's: its figures cannot be dated)", Assert.Single(sum.Unpublished));
    }

    [Fact]
    public void PublishedSlots_KeepOnlyTheLatencyBucketsThatHoldAnything()
    {
        var slot = Slot(Last, 3, 1, latencyBucket: 7);
        slot.Latency[0] = 2;

        var published = FleetGateSum.Sparse(slot);

        Assert.Equal([0L, 2L, 7L, 3L], published.Latency);
        Assert.Equal("""{"s":%,"r":3,"e":1,"f":0,"l":[0,2,7,3]}""".Replace("%", Last.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            JsonSerializer.Serialize(published, Json));
    }

    private static SlotFigures Slot(long slot, long requests, long errors, int latencyBucket, long fallbacks = 0)
    {
        var latency = new long[LatencyBuckets.Count];
        latency[latencyBucket] = requests;
        return new SlotFigures(slot, requests, errors, fallbacks, latency);
    }

    private static RouteGateSlots Route(string name, SlotFigures[] @new, SlotFigures[] legacy) =>
        new(name, [.. @new.Select(FleetGateSum.Sparse)], [.. legacy.Select(FleetGateSum.Sparse)], []);

    private static string Doc(params RouteGateSlots[] routes) => JsonSerializer.Serialize(new GateSlotsDocument(10, routes), Json);

    private static PublishedGateSlots Row(string replica, string? json, TimeSpan? age = null, bool left = false) =>
        new(replica, age ?? TimeSpan.FromSeconds(2), json, left);
}
