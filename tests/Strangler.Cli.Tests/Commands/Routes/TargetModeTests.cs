using Strangler.Cli.Commands.Routes;

namespace Strangler.Cli.Tests.Commands.Routes;

public sealed class TargetModeTests
{
    [Theory]
    [InlineData("legacy", "legacy", null)]
    [InlineData("NEW", "new", null)]
    [InlineData("canary:0", "canary", 0)]
    [InlineData("canary:50", "canary", 50)]
    [InlineData("canary:100", "canary", 100)]
    public void TryParse_ValidText_GivesModeAndPercentage(string text, string mode, int? percentage)
    {
        Assert.True(TargetMode.TryParse(text, out var target, out _));
        Assert.Equal(new TargetMode(mode, percentage), target);
    }

    [Theory]
    [InlineData("canary:101")]
    [InlineData("canary:-1")]
    [InlineData("canary:")]
    [InlineData("canary:5.5")]
    [InlineData("canary")]
    [InlineData("shadow")]
    [InlineData("")]
    public void TryParse_InvalidText_ExplainsWhatIsExpected(string text)
    {
        Assert.False(TargetMode.TryParse(text, out _, out var error));
        Assert.Contains($"'{text}'", error);
    }
}
