using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ShadowOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        Assert.True(new ShadowOptionsValidator().Validate(null, new ShadowOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadBounds_NameEveryKeyAtOnce()
    {
        var result = new ShadowOptionsValidator().Validate(null, new ShadowOptions
        {
            MaxBufferedBytes = 10, MaxEndpoints = 0, RelativeThreshold = double.NaN, BusyThreshold = TimeSpan.FromSeconds(-1),
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f == "Strangler:Gateway:Shadow:MaxBufferedBytes must be at least 1024, found 10.");
        Assert.Contains(result.Failures!, f => f == "Strangler:Gateway:Shadow:MaxEndpoints must be from 1 to 10000, found 0.");
        Assert.Contains(result.Failures!, f => f.StartsWith("Strangler:Gateway:Shadow:RelativeThreshold must be from 0 to 100", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Strangler:Gateway:Shadow:BusyThreshold must be from 00:00:00 (never shed)", StringComparison.Ordinal));
    }
}
