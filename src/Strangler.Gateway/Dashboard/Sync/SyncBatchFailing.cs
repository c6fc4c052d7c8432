namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>
/// A batch a pipeline keeps failing to apply and retries (its store or legacy database down, a lock it cannot get), as
/// its worker reports it in <c>failing</c>; absent while batches go through, and from workers that predate it. Without it
/// the dashboard showed such a pipeline as an idle one until <c>stalled</c>, minutes later.
/// </summary>
internal sealed record SyncBatchFailing
{
    /// <summary>When the batch first failed (the worker's clock).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>How many attempts failed so far.</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// The last attempt's error as the worker logs it: database errors by number or SQLSTATE, without row values. Still
    /// text from elsewhere: the page shows it as text, never as markup.
    /// </summary>
    public string? LastError { get; init; }

    /// <summary>When the last attempt failed.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>When the next attempt is due (the worker's retry backoff).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
