namespace Strangler.Gateway.Shadow;

/// <summary>
/// Why a sampled request is not shadowed by its nature (the <c>reason</c> tag of
/// <c>strangler.gateway.shadow.skipped</c>, the keys of the report's <c>skipped</c>). A skip is neither a comparison
/// nor a failure of the new side, so it moves neither the diff rate nor the timed-out and failed counts.
/// </summary>
internal static class ShadowSkips
{
    /// <summary>
    /// A WebSocket (or any upgraded) connection: a conversation a replay cannot hold. The new side would get a plain
    /// GET, and its answer compared with legacy's 101 counted a difference on every connection.
    /// </summary>
    public const string Upgrade = "upgrade";

    /// <summary>
    /// Server-Sent Events (<c>text/event-stream</c>, asked for in <c>Accept</c> or answered by legacy): a stream that
    /// need not end. Its replay waited for the new side's stream to end, and every one counted as timed out.
    /// </summary>
    public const string EventStream = "event_stream";
}
