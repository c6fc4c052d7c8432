using System.Text.Json.Nodes;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class RolloutRestartTests
{
    [Fact]
    public async Task ARestartMidRollout_ResumesFromTheStateOnDisk()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100], bake: 60, interval: 30));
        await rig.CommandAsync(RolloutCommand.Start);
        await rig.TrafficAsync(300);
        await rig.TickAsync(30);
        await rig.TrafficAsync(300);
        await rig.TickAsync(30);
        Assert.Equal("canary:50", rig.Mode);

        await rig.StopGatewayAsync();
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(rig.RoutesDirectory, "rollouts", "customers.json")))!;
        Assert.Equal(("running", 1, "canary:50"), ((string)file["status"]!, (int)file["step"]!, (string)file["expectedMode"]!));
        rig.Clock.Advance(TimeSpan.FromMinutes(10));
        await rig.StartGatewayAsync();

        Assert.Equal((RolloutStatus.Running, 1, "canary:50"), (rig.State.Status, rig.State.Step, rig.Mode));
        // The traffic history is in memory: right after the restart there is nothing to judge, so it holds.
        await rig.TickAsync(1);
        Assert.Equal(("canary:50", "hold"), (rig.Mode, rig.State.Evaluations[^1].Action));

        await rig.TrafficAsync(200);
        await rig.TickAsync(30);
        Assert.Equal("new", rig.Mode);
        Assert.Equal(RolloutStatus.Completed, rig.State.Status);
    }

    [Fact]
    public async Task AnUnreadableStateFile_IsNotActedOn()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100]));
        await rig.CommandAsync(RolloutCommand.Start);
        await rig.StopGatewayAsync();
        File.WriteAllText(Path.Combine(rig.RoutesDirectory, "rollouts", "customers.json"), "{ not json");
        await rig.StartGatewayAsync();

        await rig.TrafficAsync(300);
        await rig.TickAsync(600);

        Assert.Null(rig.Controller.Status("customers")!.State);
        Assert.Equal("canary:20", rig.Mode);
    }
}
