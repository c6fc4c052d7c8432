using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Canary;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Canary;

public sealed class ClientIdCookieTests
{
    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public void OptionsFor_MarksTheCookieSecureExactlyOnHttps(string scheme, bool secure)
    {
        var cookie = new ClientIdCookie(new CanaryRandom(), Options.Create(new GatewayOptions { ClientCookieMaxAge = TimeSpan.FromDays(30) }));
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;

        var options = cookie.OptionsFor(context.Request);

        Assert.Equal((secure, true, SameSiteMode.Lax, "/", TimeSpan.FromDays(30)),
            (options.Secure, options.HttpOnly, options.SameSite, options.Path, options.MaxAge));
    }

    [Fact]
    public void Resolve_ACookieTooLongToBeAnId_IsReplacedByANewId()
    {
        var cookie = new ClientIdCookie(new CanaryRandom(), Options.Create(new GatewayOptions()));
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "strangler-client=" + new string('a', 129);

        Assert.Matches("^[0-9a-f]{32}$", cookie.Resolve(context));
    }
}
