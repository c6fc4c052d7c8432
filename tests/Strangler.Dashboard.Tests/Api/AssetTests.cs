using System.Net;
using System.Text.RegularExpressions;
using Strangler.Dashboard.Tests.Infrastructure;
using Strangler.Gateway.Dashboard.Hosting;

namespace Strangler.Dashboard.Tests.Api;

public sealed partial class AssetTests(Upstreams upstreams)
{
    [Fact]
    public void EveryServedAsset_IsEmbeddedInTheGatewayAssembly() =>
        Assert.All(AssetEndpoints.Names, name => Assert.True(AssetEndpoints.Exists(name), $"{name} is not embedded"));

    [Fact]
    public async Task ThePage_LoadsNothingFromOutsideTheGateway()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        using var client = gateway.Client();

        foreach (var name in AssetEndpoints.Names)
        {
            var response = await client.GetAsync($"/_strangler/assets/{name}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotMatch(ExternalReference(), text);
        }
    }

    // src/href/url()/fetch/import pointing at another origin; the SVG namespace URI is an identifier, not a load.
    [GeneratedRegex(@"(src|href)\s*=\s*[""']?(https?:)?//|url\(\s*[""']?(https?:)?//|fetch\(\s*[""'`]https?:|@import", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
