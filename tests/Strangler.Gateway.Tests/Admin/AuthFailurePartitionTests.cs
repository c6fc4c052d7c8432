using System.Net;
using Microsoft.AspNetCore.Http;
using Strangler.Auth;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// Bug: wrong admin tokens were counted per client address, and an IPv6 client holds a whole /64 (2^64 addresses):
/// rotating the last 64 bits gave it a fresh 10 guesses for each, so the limit never bit. Now an IPv6 /64 is one client.
/// </summary>
public sealed class AuthFailurePartitionTests
{
    [Fact]
    public void Bug_EachAddressOfAnIpv6Slash64_HadItsOwnLimit()
    {
        using var limiter = new AuthFailureLimiter(limit: 3, window: TimeSpan.FromMinutes(1));

        for (var i = 1; i <= 3; i++)
        {
            limiter.RecordFailure(AuthFailureLimiter.AddressOf(Request($"2001:db8:1:2::{i:x}")));
        }

        Assert.NotNull(limiter.RetryAfter(AuthFailureLimiter.AddressOf(Request("2001:db8:1:2:ffff:1:2:3"))));
        Assert.Null(limiter.RetryAfter(AuthFailureLimiter.AddressOf(Request("2001:db8:1:3::1"))));
    }

    [Theory]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("::1", "::1")]
    public void Partition_NamesTheClientAsTheLogShowsIt(string address, string expected) =>
        Assert.Equal(expected, AuthFailureLimiter.Partition(IPAddress.Parse(address)));

    private static DefaultHttpContext Request(string address) =>
        new() { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };
}
