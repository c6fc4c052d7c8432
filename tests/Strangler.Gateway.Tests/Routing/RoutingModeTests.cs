using System.Net;
using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Tests.Routing;

public sealed class RoutingModeTests
{
    [Fact]
    public async Task LegacyMode_SendsSubdomainTrafficToLegacy_WithServedByHeader()
    {
        await using var rig = await Rig.StartAsync("legacy");

        var (body, servedBy, _) = await rig.Gateway.GetAsync("/customers/42?x=1", userId: "u1");

        Assert.Equal("legacy GET /customers/42?x=1", body);
        Assert.Equal("legacy; rev=1", servedBy);
        Assert.Equal(0, rig.New.RequestCount);
    }

    [Fact]
    public async Task NewMode_SendsSubdomainTrafficToNew()
    {
        await using var rig = await Rig.StartAsync("new");

        var (body, servedBy, _) = await rig.Gateway.GetAsync("/customers");

        Assert.Equal("new GET /customers", body);
        Assert.Equal("new; rev=1", servedBy);
        Assert.Equal(0, rig.Legacy.RequestCount);
    }

    [Fact]
    public async Task UnclaimedPath_GoesToDefaultUpstream_EvenWhenSubdomainIsNew()
    {
        await using var rig = await Rig.StartAsync("new");

        var (body, servedBy, _) = await rig.Gateway.GetAsync("/orders/7");

        Assert.Equal("legacy GET /orders/7", body);
        Assert.Equal("legacy; unclaimed", servedBy);
    }

    [Fact]
    public async Task PostWithBody_IsForwardedWithItsBody()
    {
        await using var rig = await Rig.StartAsync("new");
        rig.New.Handler = async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync("got " + await reader.ReadToEndAsync());
        };

        var response = await rig.Gateway.Client.PostAsync("/customers", new StringContent("{\"name\":\"Ada\"}"));

        Assert.Equal("got {\"name\":\"Ada\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServedByHeader_IsOffByDefault()
    {
        await using var rig = await Rig.StartAsync("new", settings: new Dictionary<string, string?>
        {
            ["Strangler:Gateway:ServedByHeader"] = "",
        });

        var (_, servedBy, response) = await rig.Gateway.GetAsync("/customers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(servedBy);
    }

    [Fact]
    public async Task UpstreamSeesForwardedHeaders_AndNeverTheOverrideHeader()
    {
        await using var rig = await Rig.StartAsync("legacy");

        await rig.Gateway.GetAsync("/customers/1", headers: ("X-Strangler-Override", "v1.customers.99999999999.forged"));

        var seen = Assert.Single(rig.Legacy.Requests);
        Assert.False(seen.Headers.ContainsKey("x-strangler-override"));
        Assert.Equal("127.0.0.1", seen.Headers["x-forwarded-for"]);
        Assert.Equal("http", seen.Headers["x-forwarded-proto"]);
    }

    [Theory]
    [InlineData("X-Strangler-Side", "new")]
    [InlineData("X-Strangler-Served-By", "new; rev=1")]
    [InlineData("X-Strangler-Override", "new")]
    [InlineData("X-Strangler-Override", "")]
    public async Task ClientHeaders_CannotPickTheRoute(string header, string value)
    {
        await using var rig = await Rig.StartAsync("legacy");

        var (body, _, _) = await rig.Gateway.GetAsync("/customers/1", headers: (header, value));

        Assert.StartsWith("legacy ", body);
        Assert.Equal(0, rig.New.RequestCount);
    }

    [Theory]
    [InlineData("//customers/1")]
    [InlineData("/customers//1")]
    [InlineData("///customers")]
    public async Task Bug_DoubledSlash_ReachedLegacyOnASubdomainOnNew(string path)
    {
        // Found running the gateway as ops do: //customers/1 went unclaimed to the default upstream, the monolith,
        // which (like Tomcat or Python's http.server) serves it as /customers/1.
        await using var rig = await Rig.StartAsync("new");

        var response = await rig.Gateway.Client.GetAsync(new Uri(rig.Gateway.Url + path));

        Assert.Equal("new GET " + path, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, rig.Legacy.RequestCount);
    }

    [Fact]
    public async Task UnclaimedPath_DefaultUpstreamNeverSeesTheOverrideOrShadowHeader()
    {
        await using var rig = await Rig.StartAsync("legacy");

        await rig.Gateway.GetAsync("/orders/1",
            headers: [("X-Strangler-Override", "v1.customers.99999999999.forged"), ("X-Strangler-Shadow", "1")]);

        var seen = Assert.Single(rig.Legacy.Requests);
        Assert.Equal("/orders/1", seen.Path);
        Assert.False(seen.Headers.ContainsKey("x-strangler-override"));
        Assert.False(seen.Headers.ContainsKey("x-strangler-shadow"));
    }

    [Fact]
    public async Task GatewayNamespace_IsNeverForwarded()
    {
        await using var rig = await Rig.StartAsync("legacy");

        var (_, _, response) = await rig.Gateway.GetAsync("/_strangler/anything");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, rig.Legacy.RequestCount);
    }
}
