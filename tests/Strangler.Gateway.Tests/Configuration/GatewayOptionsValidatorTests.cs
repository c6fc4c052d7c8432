using System.Globalization;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Configuration;

public sealed class GatewayOptionsValidatorTests
{
    [Fact]
    public void Validate_MissingRequiredKeys_NamesEachKey()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { AdminToken = "short" });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Strangler:Gateway:RoutesDirectory is required", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Strangler:Gateway:DefaultUpstream must be an absolute", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Strangler:Gateway:AdminToken must be at least 16", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadClientCookieAndPollSettings_NameTheirKeys()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions
        {
            RoutesDirectory = "routes", DefaultUpstream = "http://127.0.0.1:5101", ClientCookieName = "my cookie;",
            ClientCookieMaxAge = TimeSpan.Zero, DirectoryPollInterval = TimeSpan.Zero,
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("Strangler:Gateway:ClientCookieName 'my cookie;' is not a valid", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f == "Strangler:Gateway:ClientCookieMaxAge must be positive.");
        Assert.Contains(result.Failures!, f => f == "Strangler:Gateway:DirectoryPollInterval must be positive.");
    }

    [Theory]
    [InlineData("00:00:00.1", "00:00:00.1000000")]
    [InlineData("00:11:00", "00:11:00")]
    public void Validate_StallThresholdOutOfRange_NamesItsKeyAndRange(string threshold, string shown)
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions
        {
            RoutesDirectory = "routes", DefaultUpstream = "http://127.0.0.1:5101", StallThreshold = TimeSpan.Parse(threshold, CultureInfo.InvariantCulture),
        });

        var failure = Assert.Single(result.Failures!);
        Assert.Equal($"Strangler:Gateway:StallThreshold is {shown}; it must be between 00:00:00.2500000 and 00:10:00.", failure);
    }

    [Fact]
    public void Validate_AdminTokenNoHeaderCanCarry_AndBadAuthLimits_NameTheirKeys_WithoutTheToken()
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions
        {
            RoutesDirectory = "routes", DefaultUpstream = "http://127.0.0.1:5101", AdminToken = "s3cret-token-0123456789\n",
            AuthFailureLimit = 0, AuthFailureWindow = TimeSpan.Zero,
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("Strangler:Gateway:AdminToken must be printable ASCII", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Strangler:Gateway:AuthFailureLimit must be at least 1", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Strangler:Gateway:AuthFailureWindow must be at least 1 second", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, f => f.Contains("s3cret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://ops:s3cret@legacy:5101", "without credentials")]
    [InlineData("ops:s3cret@legacy:5101", "its scheme is not http or https")]
    [InlineData("http://legacy:5101/?key=s3cret", "without query or fragment")]
    public void Validate_UnusableDefaultUpstream_SaysWhyWithoutQuotingIt(string upstream, string reason)
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { RoutesDirectory = "routes", DefaultUpstream = upstream });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Strangler:Gateway:DefaultUpstream must be an absolute http(s) URL", failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("ops", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_MissingDefaultUpstream_SaysItIsNotSetAndHowToSetIt(string upstream)
    {
        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { RoutesDirectory = "routes", DefaultUpstream = upstream });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Strangler:Gateway:DefaultUpstream must be an absolute http(s) URL", failure, StringComparison.Ordinal);
        Assert.Contains("it is not set", failure, StringComparison.Ordinal);
        Assert.Contains("--Strangler:Gateway:DefaultUpstream=", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("the value is not", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CompleteOptions_Succeeds()
    {
        var result = new GatewayOptionsValidator().Validate(null,
            new GatewayOptions { RoutesDirectory = "routes", DefaultUpstream = "http://127.0.0.1:5101" });

        Assert.True(result.Succeeded);
    }
}
