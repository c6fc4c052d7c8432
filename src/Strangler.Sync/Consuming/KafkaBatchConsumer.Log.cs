using Microsoft.Extensions.Logging;

namespace Strangler.Sync.Consuming;

internal sealed partial class KafkaBatchConsumer
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} consuming {Topics} as group {GroupId}")]
    private static partial void LogStarted(ILogger logger, string pipeline, string groupId, string topics);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline} belongs to no sub-domain ({Setting} is unset): the dashboard and the rollout's sync-lag gate count it under none")]
    private static partial void LogNoSubdomain(ILogger logger, string pipeline, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} stopped")]
    private static partial void LogStopped(ILogger logger, string pipeline);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} assigned {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string pipeline, string partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline {Pipeline} revoked {Partitions}; dropped {Dropped} buffered messages for the new owner")]
    private static partial void LogRevoked(ILogger logger, string pipeline, string partitions, int dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: commit before revoke failed: {Reason}")]
    private static partial void LogCommitOnRevokeFailed(ILogger logger, string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: commit after a batch failed, the offsets stay stored for the next commit: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pipeline {Pipeline}: committed offsets of the new assignment unknown: {Reason}")]
    private static partial void LogCommittedUnknown(ILogger logger, string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: batch of {Count} failed, retrying in {DelayMs} ms")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string pipeline, int count, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Pipeline {Pipeline}: batch of {Count} failed again, attempt {Attempt}, failing for {FailingSeconds} s: {Error}; retrying in {DelayMs} ms")]
    private static partial void LogBatchFailedAgain(ILogger logger, string pipeline, int count, int attempt, double failingSeconds, string error, double delayMs);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Pipeline {Pipeline}: batch of {Count} applied after {Attempts} failed attempt(s) over {FailingSeconds} s; going on")]
    private static partial void LogBatchRecovered(ILogger logger, string pipeline, int count, int attempts, double failingSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: dead-lettered {Source}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string pipeline, string source, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pipeline {Pipeline}: offset of {Partition} not stored, partition no longer assigned")]
    private static partial void LogStoreSkipped(ILogger logger, string pipeline, string partition);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Pipeline {Pipeline}: {Reason}. It is consumed once created; a warning follows if it is still missing after {Grace}")]
    private static partial void LogTopicNotYetAvailable(ILogger logger, string pipeline, string reason, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Pipeline {Pipeline}: topic {Topic} still does not exist after {Grace}: create it, or correct the pipeline's Topics")]
    private static partial void LogTopicStillMissing(ILogger logger, string pipeline, string topic, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Pipeline {Pipeline}: topic {Topics} now exists; subscribing again so the group assigns its partitions")]
    private static partial void LogTopicAppeared(ILogger logger, string pipeline, string topics);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: consume error: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string pipeline, string reason);

    // Only at stop: what was not committed is consumed again after a restart, nothing is lost. The consumer's errors
    // while it runs are logged by its KafkaClientLog.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: leaving the group at stop failed (fatal: {Fatal}): {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, string pipeline, bool fatal, string reason);
}
