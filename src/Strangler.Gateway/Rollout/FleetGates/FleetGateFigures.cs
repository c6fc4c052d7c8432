using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// What the fleet served of one sub-domain over an evaluation window: each side summed over <see cref="Replicas"/>
/// replicas (this one included), and the shadow comparisons the other replicas published (this replica's own are
/// read live by the diff gate). <see cref="Unpublished"/> names fresh replicas whose figures could not be summed;
/// <see cref="OthersStalls"/> are the stalls the summed replicas published that ended in the window (this replica's own
/// are read live). <see cref="Silent"/> are the replicas that published before and not within the freshness bound,
/// with those that passed the gone bound within the window (named once, as promotion stops waiting for them).
/// <see cref="Left"/> are the summed replicas that stopped cleanly after their last figures (counted in <see cref="Replicas"/>).
/// <see cref="Clocks"/> are the summed replicas whose clocks ran a slot or more from this one's, their figures moved onto it.
/// </summary>
internal sealed record FleetGateFigures(SideFigures New, SideFigures Legacy, ShadowDiffCounts OthersDiff, int Replicas,
    IReadOnlyList<string> Unpublished, IReadOnlyList<ReplicaStall> OthersStalls, IReadOnlyList<SilentReplica> Silent,
    IReadOnlyList<LeftReplica> Left, IReadOnlyList<ReplicaClock> Clocks);
