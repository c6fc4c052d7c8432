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
        await using var rig = await RigAsync(held);

        var response = await FlipByHandWhileTheGatesRunAsync(rig, held);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("canary:40", rig.Mode);
        Assert.DoesNotContain(rig.History, c => c.Actor == RolloutController.Actor);
        Assert.Equal(RolloutStatus.Paused, rig.State.Status);
        Assert.StartsWith("paused: canary:40 set by hand (ada, revision ", rig.State.Message);
    }

    // Regression: the rollback that found the route moved was refused and the rollout paused, yet the webhooks were
    // told "rolled-back", from canary:20 to canary:20: a chat channel or a pager read that the route went back to legacy.
    [Fact]
    public async Task AFlipByHandWhileTheGatesRun_RefusesTheRollback_AndTheWebhooksAreToldThat_NotRolledBack()
    {
        var held = new HeldGate(GateOutcome.Fail);
        await using var rig = await RigAsync(held);

        await FlipByHandWhileTheGatesRunAsync(rig, held);

        Assert.Equal("canary:40", rig.Mode);
        Assert.DoesNotContain(rig.History, c => c.Actor == RolloutController.Actor && c.To == "legacy");
        Assert.Equal(RolloutStatus.Paused, rig.State.Status);
        Assert.Equal(("rollback-refused", GateOutcome.Fail), (rig.State.Evaluations[^1].Action, rig.State.Evaluations[^1].Outcome));
        Assert.True(await Eventually.TrueAsync(() => rig.Webhook.Names.Contains("rollback-refused")), string.Join(", ", rig.Webhook.Names));
        Assert.Equal(["started", "rollback-refused"], rig.Webhook.Names);
        var refused = rig.Webhook.Events.Last();
        Assert.Equal(("canary:20", "canary:40", RolloutController.Actor), ((string)refused["from"]!, (string)refused["to"]!, (string)refused["actor"]!));
        var reason = (string)refused["reason"]!;
        Assert.StartsWith("paused: rollback refused by the route admin (revision: 'customers' is at revision ", reason);
        Assert.Contains(": someone changed it first); ", reason);
        Assert.Contains("the route stays on canary:40 (the rollback was rollout: 20% -> legacy, gate failed: held", reason);
        Assert.Equal(rig.State.Message, reason);
        Assert.Equal("fail", (string)refused["gates"]!.AsArray().Single(g => (string)g!["gate"]! == "held")!["outcome"]!);
    }

    private static Task<RolloutRig> RigAsync(HeldGate held) =>
        RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100], bake: 30, interval: 30), services: s => s.AddSingleton<IRolloutGate>(held));

    // Starts the rollout, holds its first evaluation in the gate while ada flips the route to canary 40 %, then lets
    // the evaluation finish; answers the flip's response.
    private static async Task<HttpResponseMessage> FlipByHandWhileTheGatesRunAsync(RolloutRig rig, HeldGate held)
    {
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
        return response;
    }

    // Answers its outcome once the test lets it: the evaluation is held where an HTTP check would wait for its answer.
    private sealed class HeldGate(GateOutcome outcome = GateOutcome.Pass) : IRolloutGate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "held";

        public bool AppliesTo(RolloutGates gates) => true;

        public async Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return new GateResult(Name, outcome, "held", "released by the test");
        }
    }
}
