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
    public void Matches_RequestPath_AsTemplateSyntaxSays(string pattern, string path, bool expected)
    {
        var parsed = PathPattern.TryParse(pattern, out var error);

        Assert.Null(error);
        Assert.Equal(expected, parsed!.Matches(path));
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

    private static RouteDefinition Route(string name, string path) => new()
    {
        Name = name, Paths = [path], Legacy = "http://127.0.0.1:1", New = "http://127.0.0.1:2",
    };
}
