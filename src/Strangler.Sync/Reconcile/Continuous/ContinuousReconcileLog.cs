using Microsoft.Extensions.Logging;

namespace Strangler.Sync.Reconcile.Continuous;

internal static partial class ContinuousReconcileLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Continuous check of {Projection}: {Differing} of {Sampled} sampled keys differ ({SampledFromNew} of them ids from the new store)")]
    public static partial void Checked(ILogger logger, string projection, int differing, int sampled, int sampledFromNew);

    [LoggerMessage(Level = LogLevel.Information, Message = "Continuous check of {Projection} skipped: {Reason}")]
    public static partial void Skipped(ILogger logger, string projection, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Continuous check of {Projection} cannot run: {Reason}; it runs again within {Interval}")]
    public static partial void CannotRun(ILogger logger, string projection, string reason, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Continuous check failed; it runs again within {Interval}")]
    public static partial void Failed(ILogger logger, TimeSpan interval, Exception exception);
}
