namespace Strangler.Sync.Metrics;

/// <summary>
/// A batch the pipeline keeps failing to apply and is retrying: its store or legacy database down, a lock it cannot
/// get. Without it the status said only that <c>retried</c> grew, and nothing until <c>stalled</c>, two minutes on.
/// </summary>
/// <param name="Since">When the batch first failed.</param>
/// <param name="Attempts">How many attempts failed so far.</param>
/// <param name="LastError">The last attempt's error, as the log line says it (database errors without row values).</param>
/// <param name="LastErrorAt">When the last attempt failed.</param>
/// <param name="NextAttemptAt">When the next attempt is due (the retry backoff).</param>
/// <param name="LastErrorKind">The last error's kind only (<see cref="ErrorKind"/>), for <c>/readyz</c>, which anyone may read.</param>
internal sealed record BatchFailure(DateTimeOffset Since, int Attempts, string LastError, DateTimeOffset LastErrorAt, DateTimeOffset NextAttemptAt,
    string LastErrorKind);
