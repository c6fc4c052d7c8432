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
        Assert.Contains(where, string.Join(' ', result.Output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)));
    }
}
