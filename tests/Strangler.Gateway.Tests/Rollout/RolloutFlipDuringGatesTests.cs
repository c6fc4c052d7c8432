using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// A person's flip that lands while the gates are judged (an HTTP check can take seconds) stands: the rollout's
/// promotion, decided on the route as it was, used to overwrite it, and a flip to legacy in an incident was undone by
/// the rollout moving on to its next step.
/// </summary>
public sealed class RolloutFlipDuringGatesTests
{
    [Fact]
    public async Task AFlipToLegacyWhileTheGatesRun_IsNotOverwrittenByThePromotion_AndTheRolloutPauses()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, minRequests: 10),
            services: s => s.AddSingleton<IRolloutGate>(sp => new PersonFlipsMeanwhile(sp)));
        await rig.CommandAsync(RolloutCommand.Start);
        await rig.TrafficAsync(200);

        await rig.TickAsync(30);

        Assert.Equal("legacy", rig.Mode);
        var last = rig.History[^1];
        Assert.Equal(("ops", "legacy"), (last.Actor, last.To));
        await rig.TickAsync(1);
        Assert.Equal((RolloutStatus.Paused, "legacy"), (rig.State.Status, rig.Mode));
        Assert.Contains("set by hand", rig.State.Message);
    }

    /// <summary>Passes, after a person flipped the route to legacy while it was judged.</summary>
    private sealed class PersonFlipsMeanwhile(IServiceProvider services) : IRolloutGate
    {
        public string Name => "slow-check";

        public bool AppliesTo(RolloutGates gates) => true;

        public async Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
        {
            var flipped = await services.GetRequiredService<RouteAdmin>().FlipAsync(new FlipRequest
            {
                Subdomain = context.Subdomain, Mode = RouteMode.Legacy, Reason = "incident: back to legacy", Actor = "ops",
            }, cancellationToken);
            Assert.Equal(RouteAdminOutcome.Applied, flipped.Outcome);
            return new GateResult(Name, GateOutcome.Pass, "ok", "");
        }
    }
}
