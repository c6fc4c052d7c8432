namespace Strangler.Gateway.Hosting;

/// <summary>
/// Marks a request the shutdown timeout cut off (<see cref="ShutdownDrain"/>), in its features, so the metrics and the
/// access log record it as <see cref="Status"/> whether or not its answer had started.
/// </summary>
/// <remarks>
/// Before, such a request was counted 499 (as if its client had left) when legacy or the new side had not answered
/// yet, and with the upstream's 200 when its answer was streaming: during a deploy, the error and abandon rates read
/// clients and upstreams for what was the gateway's own stop. 444 is nginx's code for a connection the server closed
/// without a (complete) answer, beside the 499 it gives a client that left: neither an upstream failure (no error, no
/// breaker, no rollout evidence against a side) nor a success.
/// </remarks>
internal sealed class ShutdownCutOff
{
    /// <summary>The <c>status</c> tag of <c>strangler.gateway.requests</c> and the access log's status for a cut-off request.</summary>
    public const int Status = 444;

    public static readonly ShutdownCutOff Mark = new();

    private ShutdownCutOff()
    {
    }
}
