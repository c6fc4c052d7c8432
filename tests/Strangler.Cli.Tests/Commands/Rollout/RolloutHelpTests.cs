using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Rollout;

/// <summary>
/// Each rollout command's help says where its --reason goes. Regression: pause and resume said "recorded in the history
/// with the flip", but a pause flips nothing and a resume only when the route was moved meanwhile: their reason is in
/// <c>rollout status</c> and the webhooks, and a reader looked for it in <c>routes history</c> in vain.
/// </summary>
public sealed class RolloutHelpTests
{
    [Theory]
    [InlineData("start", "recorded in the history with each of the rollout's flips")]
    [InlineData("pause", "shown by 'rollout status' and sent to the rollout's webhooks; it flips nothing")]
    [InlineData("resume", "shown by 'rollout status' and sent to the rollout's webhooks; in 'routes history' only when the route was moved while paused")]
    [InlineData("abort", "recorded in the history with its flip back to legacy")]
    public async Task TheReasonOption_SaysWhereTheReasonGoes(string command, string where)
    {
        var result = await CliRunner.RunAsync("rollout", command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(where, OneLine(result.Output));
    }

    [Theory]
    // Bug: every --actor said "recorded in the history", though a pause (and most resumes) put nothing there.
    [InlineData("rollout", "pause", "Who pauses it (shown by 'rollout status' and sent to the rollout's webhooks; it flips nothing, so it is not in 'routes history')")]
    [InlineData("rollout", "resume", "Who resumes it (shown by 'rollout status' and sent to the rollout's webhooks; in 'routes history' only when")]
    [InlineData("rollout", "start", "Who starts it (shown by 'rollout status', sent to the rollout's webhooks, and recorded in 'routes history' with the first step's flip)")]
    [InlineData("rollout", "abort", "recorded in 'routes history' with its flip back to legacy")]
    [InlineData("routes", "flip", "Who is making the change (recorded with it in 'routes history')")]
    [InlineData("routes", "rollback", "Who is making the change (recorded with it in 'routes history')")]
    public async Task TheActorOption_SaysWhereTheActorGoes(string group, string command, string where)
    {
        var result = await CliRunner.RunAsync(group, command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(where, OneLine(result.Output));
        Assert.DoesNotContain("Who is making the change (recorded in the history)", OneLine(result.Output));
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
