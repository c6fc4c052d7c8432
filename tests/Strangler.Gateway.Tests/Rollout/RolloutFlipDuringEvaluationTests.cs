using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// Regression: a person's flip made while an evaluation ran (its gates can take seconds: an HTTP check) was undone by
/// the promotion that followed, which flipped from the route as read before the gates, and the rollout ran on.
/// </summary>
public sealed class RolloutFlipDuringEvaluationTests
{
    [Fact]
    public async Task AFlipByHandWhileTheGatesRun_IsNotUndoneByThePromotion_AndPausesTheRollout()
    {
        var held = new HeldGate();
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100], bake: 30, interval: 30),
            services: s => s.AddSingleton<IRolloutGate>(held));
        await rig.CommandAsync(RolloutCommand.Start);
        await rig.TrafficAsync(300);
        rig.Clock.Advance(TimeSpan.FromSeconds(30));
        var tick = rig.Controller.TickAsync(TestContext.Current.CancellationToken);
        await held.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var flip = rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "canary", percentage = 40, reason = "holding at 40", actor = "ada" });
        Assert.True(await Eventually.TrueAsync(() => rig.Mode == "canary:40"), rig.Mode);
        held.Release.SetResult();
        await tick;
        var (response, _) = await flip;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("canary:40", rig.Mode);
        Assert.DoesNotContain(rig.History, c => c.Actor == RolloutController.Actor);
        Assert.Equal(RolloutStatus.Paused, rig.State.Status);
        Assert.StartsWith("paused: canary:40 set by hand (ada, revision ", rig.State.Message);
    }

    // Passes, once the test lets it: the evaluation is held where an HTTP check would wait for its answer.
    private sealed class HeldGate : IRolloutGate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "held";

        public bool AppliesTo(RolloutGates gates) => true;

        public async Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return new GateResult(Name, GateOutcome.Pass, "held", "released by the test");
        }
    }
}
