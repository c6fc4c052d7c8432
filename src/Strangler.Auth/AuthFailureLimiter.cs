using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Strangler.Auth;

/// <summary>
/// Counts failed authentications per client address (the gateway: its admin API and dashboard sign-in together; the
/// sync worker: its report endpoints), so a weak token cannot be guessed at line speed. Built on the rate limiter
/// ASP.NET Core's middleware uses (System.Threading.RateLimiting, a fixed window per address), but driven by hand: the
/// middleware counts every request, and here only failures may count, so an operator who signs in correctly is never
/// slowed.
/// </summary>
internal sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly TimeSpan _window;

    /// <param name="limit">Failures one address may make per <paramref name="window"/>; past it, 429 until it ends.</param>
    /// <param name="window">The fixed window the failures are counted in.</param>
    public AuthFailureLimiter(int limit, TimeSpan window)
    {
        _window = window;
        // Idle partitions are dropped by the limiter's own timer, so addresses that stop trying cost nothing.
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>The client address a failure counts against (behind a proxy, configure forwarded headers so this is the client's).</summary>
    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress is { } address ? Partition(address) : "unknown";

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address as its /64. One IPv6 host is routinely given a whole /64 (SLAAC,
    /// privacy addresses), so counting per address gave a guesser 2^64 fresh windows: 10 guesses from each.
    /// </summary>
    public static string Partition(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>How long <paramref name="address"/> must wait before trying again; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        // Zero permits: asks whether any are left without taking one.
        using var probe = _failures.AttemptAcquire(address, 0);
        if (probe.IsAcquired)
        {
            return null;
        }

        return probe.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _window;
    }

    /// <summary>Counts one failed authentication against <paramref name="address"/>.</summary>
    public void RecordFailure(string address)
    {
        using var _ = _failures.AttemptAcquire(address, 1);
    }

    /// <summary>The 429 answer, with Retry-After in whole seconds (at least 1).</summary>
    public static IResult TooManyAttempts(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Seconds(retryAfter);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed attempts",
            detail: $"Too many wrong tokens from this address; try again in {seconds} s.");
    }

    public static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    public void Dispose() => _failures.Dispose();
}
