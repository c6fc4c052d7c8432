using Strangler.Gateway.Configuration;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Tests.Routing;

public sealed class PathPatternTests
{
    [Theory]
    [InlineData("/customers", "/customers", true)]
    [InlineData("/customers", "/Customers/", true)]
    [InlineData("/customers", "/customers/1", false)]
    [InlineData("/customers", "/customersx", false)]
    [InlineData("/customers/{id}", "/customers/42", true)]
    [InlineData("/customers/{id}", "/customers/42/orders", false)]
    [InlineData("/customers/{**rest}", "/customers", true)]
    [InlineData("/customers/{**rest}", "/customers/42/orders", true)]
    [InlineData("/customers/{*rest}", "/customersx/1", false)]
    [InlineData("/", "/", true)]
    [InlineData("/", "/x", false)]
    [InlineData("/customers/{id}", "//customers//42/", true)]
    [InlineData("/customers/{id}", "/customers//42//orders", false)]
    [InlineData("/customers", "//", false)]
    public void Matches_RequestPath_AsTemplateSyntaxSays(string pattern, string path, bool expected)
    {
        var parsed = PathPattern.TryParse(pattern, out var error);

        Assert.Null(error);
        Assert.Equal(expected, parsed!.Matches(path));
    }

    [Theory]
    [InlineData("/customers", "/customers/{**rest}")]
    [InlineData("/customers/{id}", "/customers/{**rest}")]
    [InlineData("/customers/vip", "/customers/{id}")]
    [InlineData("/customers/{id}", "/{tenant}/{id}")]
    public void ComparePrecedence_MoreSpecificFirst(string specific, string general)
    {
        var a = PathPattern.TryParse(specific, out _)!;
        var b = PathPattern.TryParse(general, out _)!;

        Assert.True(PathPattern.ComparePrecedence(a, b) < 0);
        Assert.True(PathPattern.ComparePrecedence(b, a) > 0);
    }

    [Fact]
    public void Match_OverlappingClaims_MostSpecificWins()
    {
        var table = new RouteTable(
        [
            Route("customers", "/customers/{**rest}"),
            Route("vip", "/customers/vip/{**rest}"),
            Route("profile", "/customers/{id}/profile"),
        ], DateTimeOffset.UnixEpoch);

        Assert.Equal("vip", table.Match("/customers/vip/7")!.Name);
        Assert.Equal("profile", table.Match("/customers/7/profile")!.Name);
        Assert.Equal("customers", table.Match("/customers/7/orders")!.Name);
        Assert.Null(table.Match("/orders/1"));
    }

    [Fact]
    public void Match_ClaimsStartingWithAParameter_CompeteWithLiteralClaimsInOrder()
    {
        var table = new RouteTable(
        [
            Route("reports", "/{tenant}/reports/{**rest}"),
            Route("customers", "/customers/{**rest}"),
            Route("home", "/"),
        ], DateTimeOffset.UnixEpoch);

        Assert.Equal("reports", table.Match("/acme/reports/q1")!.Name);
        // Segment by segment, as ASP.NET routing: the literal first segment of /customers/{**rest} wins.
        Assert.Equal("customers", table.Match("/CUSTOMERS/reports")!.Name);
        Assert.Equal("customers", table.Match("/Customers/7")!.Name);
        Assert.Equal("home", table.Match("/")!.Name);
        Assert.Null(table.Match("/acme/other"));
        // Repeated slashes count as one: many monoliths read //customers as /customers, so leaving it unclaimed
        // would let a client reach legacy on a sub-domain that is on new.
        Assert.Equal("customers", table.Match("//customers")!.Name);
        Assert.Equal("customers", table.Match("///Customers//7")!.Name);
    }

    private static RouteDefinition Route(string name, string path) => new()
    {
        Name = name, Paths = [path], Legacy = "http://127.0.0.1:1", New = "http://127.0.0.1:2",
    };
}
