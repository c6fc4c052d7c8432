using MongoDB.Driver;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Stores;

/// <summary>
/// Strangler:Sync:Store:MongoConnectionString is checked at start and refused without being quoted. The driver
/// hides the password of a string it cannot parse only when the parse gets as far as the '@'.
/// </summary>
public sealed class MongoConnectionStringCheckTests
{
    private const string Secret = "s3cret";

    [Theory]
    [InlineData("mongodb://admin:pa/s3cret@db:27017/app")]   // an unescaped '/': the driver quotes the string whole
    [InlineData("mongodb://admin:pa%zzs3cret@db:27017/app")] // a '%' that is not an escape
    [InlineData("mongodb://admin:pa@ss3cret@db:27017/app")]  // an unescaped '@'
    [InlineData("mongodb://db/?proxyHost=proxy&proxyPort=1&proxyUsername=u&proxyPassword=s3cret&maxPoolSize=-s3cret")]
    [InlineData("http://admin:s3cret@db")]
    public void A_string_the_driver_refuses_is_described_without_any_of_it(string connectionString)
    {
        var problem = MongoConnectionStringCheck.Problem(connectionString);

        Assert.NotNull(problem);
        Assert.Contains("percent-encoded", problem);
        Assert.DoesNotContain(Secret, problem);
        Assert.DoesNotContain("admin", problem);
    }

    [Fact]
    public void The_drivers_own_message_quotes_a_string_with_an_unescaped_slash_whole()
    {
        var error = Assert.ThrowsAny<Exception>(() => new MongoUrl("mongodb://admin:pa/s3cret@db:27017/app"));

        Assert.Contains(Secret, error.Message);
    }

    [Theory]
    [InlineData("mongodb://admin:pa%2Fs3cret@db:27017/app?replicaSet=rs0")]
    [InlineData("mongodb+srv://admin:s3cret@cluster0.example.net/app")]
    public void A_string_the_driver_reads_has_no_problem(string connectionString) =>
        Assert.Null(MongoConnectionStringCheck.Problem(connectionString));
}
