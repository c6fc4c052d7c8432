using Microsoft.Extensions.Logging;

namespace Strangler.Sync.Reconcile.Continuous;

internal static partial class ContinuousReconcileLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Continuous check of {Projection}: drift {Drift:0.0##%}; {LegacyDiffering} of {LegacySampled} sampled legacy keys and {NewDiffering} of {NewSampled} sampled documents of the new store differ")]
    public static partial void Checked(ILogger logger, string projection, double drift, int legacyDiffering, int legacySampled, int newDiffering, int newSampled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Continuous check of {Projection} skipped: {Reason}")]
    public static partial void Skipped(ILogger logger, string projection, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Continuous check of {Projection} cannot run: {Reason}; it runs again within {Interval}")]
    public static partial void CannotRun(ILogger logger, string projection, string reason, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Continuous check failed; it runs again within {Interval}")]
    public static partial void Failed(ILogger logger, TimeSpan interval, Exception exception);
}
