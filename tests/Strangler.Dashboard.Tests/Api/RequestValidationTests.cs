using System.Text;
using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;

namespace Strangler.Dashboard.Tests.Api;

/// <summary>
/// The dashboard reads flips and rollbacks with the admin API's <see cref="RouteChangeRequests"/>: one request type and
/// one validation for the API, the CLI and the page.
/// </summary>
public sealed class RequestValidationTests
{
    private static HttpRequest Request(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    [Fact]
    public async Task Flip_EverythingWrong_ReportsEveryField()
    {
        var read = await RouteChangeRequests.ReadFlipAsync(Request("""{"subdomain":7,"mode":"sideways","reason":""}"""), "dashboard");

        Assert.Null(read.Value);
        Assert.Equal(["mode", "reason", "subdomain"], read.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("sideways", read.Errors["mode"][0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"percentage\":-1")]
    [InlineData(",\"percentage\":101")]
    public async Task Flip_CanaryWithoutValidPercentage_NamesPercentage(string percentage)
    {
        var read = await RouteChangeRequests.ReadFlipAsync(
            Request($$"""{"subdomain":"customers","mode":"canary","reason":"x"{{percentage}}}"""), "dashboard");

        Assert.Equal("percentage", Assert.Single(read.Errors).Key);
    }

    [Fact]
    public async Task Flip_Valid_IsTheSharedRequestWithTheFixedActor()
    {
        var read = await RouteChangeRequests.ReadFlipAsync(
            Request("""{"subdomain":"customers","mode":"canary","percentage":25,"reason":"ramp up"}"""), "dashboard");

        Assert.Empty(read.Errors);
        Assert.Equal(new FlipRequest { Subdomain = "customers", Mode = RouteMode.Canary, Percentage = 25, Reason = "ramp up", Actor = "dashboard" },
            read.Value);
    }

    [Fact]
    public async Task Flip_WithAFixedActor_RefusesAnActorField()
    {
        var read = await RouteChangeRequests.ReadFlipAsync(
            Request("""{"subdomain":"customers","mode":"new","reason":"x","actor":"someone-else"}"""), "dashboard");

        Assert.Null(read.Value);
        Assert.Contains("unknown field", Assert.Single(read.Errors["actor"]));
    }

    [Fact]
    public async Task Flip_DuplicateField_IsRefusedNamingIt()
    {
        var read = await RouteChangeRequests.ReadFlipAsync(
            Request("{\"subdomain\":\"customers\",\n\"mode\":\"legacy\",\n\"mode\":\"new\",\n\"reason\":\"x\"}"), "dashboard");

        Assert.Null(read.Value);
        Assert.Contains("lines 2 and 3", Assert.Single(read.Errors["mode"]));
    }

    [Fact]
    public async Task Rollback_MissingFields_ReportsEach()
    {
        var read = await RouteChangeRequests.ReadRollbackAsync(Request("{}"), "dashboard");

        Assert.Equal(["reason", "revision"], read.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rollback_NegativeRevision_IsNamed()
    {
        var read = await RouteChangeRequests.ReadRollbackAsync(Request("""{"revision":-1,"reason":"x"}"""));

        Assert.Contains("-1", Assert.Single(read.Errors["revision"]));
    }
}
