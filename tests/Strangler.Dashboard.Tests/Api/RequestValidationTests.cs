using Strangler.Gateway.Dashboard.Api;

namespace Strangler.Dashboard.Tests.Api;

public sealed class RequestValidationTests
{
    [Fact]
    public void FlipRequest_EverythingWrong_ReportsEveryField()
    {
        var errors = new FlipRequest(" ", "sideways", null, "").Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("subdomain:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("mode:", StringComparison.Ordinal) && e.Contains("sideways"));
        Assert.Contains(errors, e => e.StartsWith("reason:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(-1)]
    [InlineData(101)]
    public void FlipRequest_CanaryWithoutValidPercentage_NamesPercentage(int? percentage) =>
        Assert.StartsWith("percentage:", Assert.Single(new FlipRequest("customers", "canary", percentage, "x").Validate()));

    [Fact]
    public void FlipRequest_Valid_HasNoErrors() =>
        Assert.Empty(new FlipRequest("customers", "canary", 25, "ramp up").Validate());

    [Fact]
    public void RollbackRequest_MissingFields_ReportsEach()
    {
        var errors = new RollbackRequest(null, null, null).Validate();

        Assert.Equal(["subdomain", "revision", "reason"], errors.Select(e => e.Split(':')[0]));
    }
}
