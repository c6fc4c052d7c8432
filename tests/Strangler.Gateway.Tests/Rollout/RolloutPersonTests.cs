using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class RolloutPersonTests
{
    [Fact]
    public async Task AFlipByHandDuringARollout_PausesIt_AndTheRolloutFlipsNothingUntilResumed()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100], bake: 30, interval: 30));
        await rig.CommandAsync(RolloutCommand.Start);

        var flip = await rig.Admin.FlipAsync(new FlipRequest
        {
            Subdomain = "customers", Mode = RouteMode.Canary, Percentage = 40, Reason = "holding at 40 for the sale", Actor = "ada",
        }, TestContext.Current.CancellationToken);
        Assert.Equal(RouteAdminOutcome.Applied, flip.Outcome);
        await rig.TickAsync(1);

        Assert.Equal(RolloutStatus.Paused, rig.State.Status);
        Assert.Contains("canary:40 set by hand (ada", rig.State.Message);
        Assert.Contains("holding at 40 for the sale", rig.State.Message);

        var changes = rig.History.Count;
        await rig.TrafficAsync(300);
        await rig.TickAsync(30);
        await rig.TickAsync(30);
        Assert.Equal(("canary:40", changes), (rig.Mode, rig.History.Count));

        var resumed = await rig.CommandAsync(RolloutCommand.Resume, "ada", "sale is over");
        Assert.True(resumed.Succeeded, string.Join("; ", resumed.Errors));
        Assert.Equal("canary:20", rig.Mode);
        Assert.Equal(("ada", "rollout: resume at 20% (by ada: sale is over)"), (rig.History[^1].Actor, rig.History[^1].Reason));
        Assert.Equal(RolloutStatus.Running, rig.State.Status);
        Assert.True(await Eventually.TrueAsync(() => rig.Webhook.Names.Contains("resumed")), string.Join(", ", rig.Webhook.Names));
        Assert.Equal(["started", "paused", "resumed"], rig.Webhook.Names);
    }

    // Regression: `rollout status` read right after `routes flip` still said running at 20 % until the next tick
    // (TickInterval, 5 s by default), while the route already served the person's mode.
    [Fact]
    public async Task AFlipByHandOverTheAdminApi_PausesTheRolloutBeforeItAnswers_SoTheStatusReadNextIsWhatIsServed()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100], bake: 30, interval: 30));
        await rig.CommandAsync(RolloutCommand.Start);
        var ticks = rig.Controller.Ticks;

        var (flip, flipped) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "canary", percentage = 40, reason = "holding at 40 for the sale", actor = "ada" });
        var (_, status) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/rollout/customers");

        Assert.Equal(System.Net.HttpStatusCode.OK, flip.StatusCode);
        Assert.Equal(ticks, rig.Controller.Ticks);
        Assert.Equal(("canary:40", "canary:40"), ((string)status!["mode"]!, rig.Mode));
        Assert.Equal("paused", (string)status["state"]!["status"]!);
        Assert.Equal($"paused: canary:40 set by hand (ada, revision {(long)flipped!["revision"]!}: holding at 40 for the sale), the rollout had set canary:20",
            (string)status["state"]!["message"]!);
        Assert.True(await Eventually.TrueAsync(() => rig.Webhook.Names.Contains("paused")), string.Join(", ", rig.Webhook.Names));

        // Taken once: the tick that follows finds nothing running and records nothing more.
        var changes = rig.History.Count;
        await rig.TickAsync(30);
        Assert.Equal(("canary:40", changes, RolloutStatus.Paused), (rig.Mode, rig.History.Count, rig.State.Status));
        Assert.Equal(["started", "paused"], rig.Webhook.Names);
    }

    [Fact]
    public async Task ARollbackByHandOverTheAdminApi_PausesTheRolloutBeforeItAnswers()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100], bake: 30, interval: 30));
        await rig.CommandAsync(RolloutCommand.Start);
        var legacyRevision = rig.History[^1].FromRevision;

        var (rollback, _) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback",
            new { subdomain = "customers", revision = legacyRevision, reason = "back to the monolith", actor = "bob" });
        var (_, status) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/rollout/customers");

        Assert.Equal(System.Net.HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(("legacy", "paused"), ((string)status!["mode"]!, (string)status["state"]!["status"]!));
        Assert.StartsWith("paused: legacy set by hand (bob, revision ", (string)status["state"]!["message"]!);
    }

    [Fact]
    public async Task AFlipByHandToTheModeTheRolloutSet_ChangesNothing_AndTheRolloutRunsOn()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100], bake: 30, interval: 30));
        await rig.CommandAsync(RolloutCommand.Start);

        var (flip, answer) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "canary", percentage = 20, reason = "make sure", actor = "ada" });

        Assert.Equal(System.Net.HttpStatusCode.OK, flip.StatusCode);
        Assert.False((bool)answer!["changed"]!);
        Assert.Equal(("canary:20", RolloutStatus.Running), (rig.Mode, rig.State.Status));
    }

    [Fact]
    public async Task Pause_StopsEvaluations_AndAbort_FlipsToLegacy()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100], bake: 30, interval: 30));
        await rig.CommandAsync(RolloutCommand.Start);
        Assert.True((await rig.CommandAsync(RolloutCommand.Pause, "bob")).Succeeded);

        await rig.TrafficAsync(300);
        await rig.TickAsync(60);
        Assert.Equal("canary:20", rig.Mode);
        Assert.Empty(rig.State.Evaluations);

        var again = await rig.CommandAsync(RolloutCommand.Pause, "bob");
        Assert.Equal(409, again.Status);
        Assert.Contains("no running rollout to pause", again.Errors.Single());

        var aborted = await rig.CommandAsync(RolloutCommand.Abort, "bob", "not today");
        Assert.True(aborted.Succeeded);
        Assert.Equal(("legacy", RolloutStatus.Aborted), (rig.Mode, rig.State.Status));
        Assert.Equal("rollout: aborted 20% -> legacy (by bob: not today)", rig.History[^1].Reason);
    }

    [Fact]
    public async Task StartingTwice_IsRefused_AndChangesNothing()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100]));
        await rig.CommandAsync(RolloutCommand.Start);
        var changes = rig.History.Count;

        var second = await rig.CommandAsync(RolloutCommand.Start);

        Assert.Equal(409, second.Status);
        Assert.Contains("already has a running rollout", second.Errors.Single());
        Assert.Equal(changes, rig.History.Count);
    }
}
