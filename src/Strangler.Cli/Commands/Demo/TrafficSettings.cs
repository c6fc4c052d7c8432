using Strangler.Gateway;
namespace Strangler.Cli.Commands.Demo;

/// <summary>The burst <c>strangler demo traffic</c> sends.</summary>
internal sealed record TrafficSettings
{
    /// <summary>The gateway's base URL.</summary>
    public required Uri Gateway { get; init; }

    /// <summary>The path requested, e.g. <c>/customers</c>.</summary>
    public string Path { get; init; } = "/customers";

    /// <summary>How many requests in all.</summary>
    public int Requests { get; init; } = 200;

    /// <summary>How many distinct user keys the requests are spread over.</summary>
    public int Users { get; init; } = 100;

    /// <summary>How long one request may take before it counts as failed (timed out).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Requests per second, started evenly (request i at i / rate seconds); 0 sends them as fast as the gateway answers.
    /// A steady rate is what a rollout judges: each evaluation needs requests on both sides in its own window.
    /// </summary>
    public int Rate { get; init; }

    /// <summary>How many requests are in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>The header carrying the user key the canary is sticky on.</summary>
    public string UserHeader { get; init; } = "X-User-Id";

    /// <summary>The response header naming the side that served the request.</summary>
    public string ServedByHeader { get; init; } = StranglerWire.ServedByHeader;
}
