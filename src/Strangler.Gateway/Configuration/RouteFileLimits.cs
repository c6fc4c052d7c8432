namespace Strangler.Gateway.Configuration;

/// <summary>
/// Upper bounds on what a route file may hold. A route file describes one sub-domain in a few hundred bytes; the
/// limits sit far above any real file and exist so that a mistake (a generated file gone wrong, a path pasted with a
/// payload) is refused with a clear error instead of being loaded into every request's route table.
/// </summary>
internal static class RouteFileLimits
{
    /// <summary>
    /// 1 MiB: the largest valid file (<see cref="MaxPathsPerRoute"/> paths of <see cref="MaxPathLength"/> characters,
    /// about 0.5 MiB) still fits, and no more than this plus one byte is ever read.
    /// </summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>
    /// 2,048 characters: the URL length that browsers, CDNs and proxies have long been safe to carry (the common
    /// practical limit quoted for URLs); a longer pattern could not match a request that reaches the gateway anyway
    /// through most front proxies.
    /// </summary>
    public const int MaxPathLength = 2048;

    /// <summary>256 path patterns per sub-domain: real sub-domains claim a handful; each claim costs every request a lookup.</summary>
    public const int MaxPathsPerRoute = 256;
}
