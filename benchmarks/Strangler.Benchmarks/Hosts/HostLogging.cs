namespace Strangler.Benchmarks.Hosts;

/// <summary>
/// Logging of the two proxies under test, always the same for both so only their own work differs.
/// It matters: with any logger enabled, ASP.NET Core starts an <see cref="System.Diagnostics.Activity"/> and a log
/// scope for every request (for trace ids in logs and a traceparent header to the upstream), whatever the level.
/// </summary>
internal enum HostLogging
{
    /// <summary>ASP.NET Core's default providers (console, debug, event source) at Warning: how both are deployed.</summary>
    Default,

    /// <summary>No logging providers at all: each proxy at its barest.</summary>
    None,
}
