using MongoDB.Driver;

namespace Strangler.Sync.Tests.Stores;

/// <summary>
/// The driver's message for a malformed connection string names it with its credentials hidden ("mongodb://&lt;hidden&gt;@db")
/// in these cases; pinned here so that a driver upgrade that changed it would be seen. It does not in all of them (see
/// <see cref="MongoConnectionStringCheckTests"/>), so the worker checks Strangler:Sync:Store:MongoConnectionString itself
/// at start and never shows the driver's message. No server is needed: the string is only parsed.
/// </summary>
public sealed class MongoUrlErrorTests
{
    [Theory]
    [InlineData("mongodb://admin:pa%zzs3cret@db:27017/app")] // a '%' that is not an escape
    [InlineData("mongodb://admin:pa@ss3cret@db:27017/app")]  // an unescaped '@'
    [InlineData("mongodb://admin:s3cret@db:27017/app?notAnOption=1&replicaSet")]
    public void A_malformed_url_is_refused_without_its_credentials(string url)
    {
        var error = Assert.ThrowsAny<Exception>(() => new MongoClient(url));

        Assert.DoesNotContain("s3cret", error.ToString());
    }
}
