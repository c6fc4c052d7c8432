using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class RolloutBrokenGateTests
{
    [Fact]
    public async Task AGateThatThrows_IsInconclusive_AndAFailingErrorGateStillRollsTheStepBack()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, minRequests: 10),
            services: s => s.AddSingleton<IRolloutGate, BrokenGate>());
        await rig.CommandAsync(RolloutCommand.Start);
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };
        await rig.TrafficAsync(200);
        await rig.TickAsync(30);

        Assert.Equal("legacy", rig.Mode);
        Assert.Equal(RolloutStatus.RolledBack, rig.State.Status);
        var gates = rig.State.Evaluations[^1].Gates;
        Assert.Equal(GateOutcome.Fail, gates.Single(g => g.Gate == "errors").Outcome);
        var broken = gates.Single(g => g.Gate == "broken");
        Assert.Equal((GateOutcome.Inconclusive, "the gate could not be evaluated: the evidence store is gone"), (broken.Outcome, broken.Detail));
    }

    private sealed class BrokenGate : IRolloutGate
    {
        public string Name => "broken";

        public bool AppliesTo(RolloutGates gates) => true;

        public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the evidence store is gone");
    }
}
