namespace Strangler.Sync.Reconcile;

/// <summary>
/// Another reconcile or load holds the report a job was to write; the message names the report, the holder (process,
/// host, start) when its lock file says, and what to do. Expected and actionable, unlike an unexpected failure.
/// </summary>
public sealed class JobLockedException : InvalidOperationException
{
    /// <summary>Creates the exception with its message.</summary>
    public JobLockedException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public JobLockedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and the lock's own failure.</summary>
    public JobLockedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
