using System.Text.Json;
using System.Text.Json.Nodes;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// Bug: a rollout state (<c>rollouts/&lt;subdomain&gt;.json</c> or the fleet's row) was read with
/// JsonStringEnumConverter, so <c>"status": 2</c> read as a completed rollout and "running, paused" as the two ORed.
/// Now only the state's words are read (in any case), and anything else is refused naming them.
/// </summary>
public sealed class RolloutStateEnumTests
{
    [Theory]
    [InlineData("2", "a rollout status must be one of \"running\", \"paused\", \"completed\", \"rolled-back\" or \"aborted\" (a string), found the number 2")]
    [InlineData("\"2\"", "unknown rollout status '2'")]
    [InlineData("\"running, paused\"", "unknown rollout status 'running, paused'")]
    [InlineData("\"RolledBack\"", "unknown rollout status 'RolledBack'")]
    public void ARolloutState_WithANumberedStatus_IsRefused(string status, string message)
    {
        var json = State();
        json["status"] = JsonNode.Parse(status);

        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RolloutState>(json.ToJsonString(), RolloutJson.Indented));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal("$.status", ex.Path);
    }

    [Theory]
    [InlineData("\"rolled-back\"")]
    [InlineData("\"Rolled-Back\"")]
    public void ARolloutState_ReadsItsWords(string status)
    {
        var json = State();
        json["status"] = JsonNode.Parse(status);

        Assert.Equal(RolloutStatus.RolledBack, JsonSerializer.Deserialize<RolloutState>(json.ToJsonString(), RolloutJson.Indented)!.Status);
    }

    private static JsonNode State() =>
        JsonNode.Parse(JsonSerializer.Serialize(FleetRolloutStateStoreTests.State(RolloutStatus.Running), RolloutJson.Indented))!;
}
