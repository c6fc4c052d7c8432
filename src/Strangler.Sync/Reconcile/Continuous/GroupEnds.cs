using Confluent.Kafka;
using Strangler.Sync.Consuming;

namespace Strangler.Sync.Reconcile.Continuous;

/// <summary>
/// The ends of a projection's partitions as a continuous check began, so that its end can tell whether the pipeline's
/// consumer group, on whichever worker, had applied everything that was on its way when the check read its keys.
/// </summary>
internal sealed class GroupEnds
{
    private readonly ConsumerGroupLag _group;
    private readonly IReadOnlyDictionary<TopicPartition, WatermarkOffsets>? _ends;
    private readonly string? _failure;
    private readonly long _started;
    private readonly TimeProvider _time;

    private GroupEnds(ConsumerGroupLag group, IReadOnlyDictionary<TopicPartition, WatermarkOffsets>? ends, string? failure, TimeProvider time)
    {
        _group = group;
        _ends = ends;
        _failure = failure;
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>The ends now; null without a group to ask (a worker not running the pipeline).</summary>
    public static async Task<GroupEnds?> TakeAsync(ConsumerGroupLag? group, TimeProvider time, CancellationToken cancellationToken)
    {
        if (group is null)
        {
            return null;
        }

        try
        {
            // librdkafka's calls block: off the caller's thread, as the check's database calls are awaited.
            return new GroupEnds(group, await Task.Run(group.Ends, cancellationToken), null, time);
        }
        catch (KafkaException ex)
        {
            // The error's code name only: librdkafka's text may quote a broker's address or a SASL user.
            return new GroupEnds(group, null, ex.Error.Code.ToString(), time);
        }
    }

    /// <summary>
    /// Why the check is no evidence because the group had not applied, by now, all that its partitions held as the check
    /// began (with those partitions, worst first); nulls when it had.
    /// </summary>
    public async Task<(string? CatchingUp, IReadOnlyList<PartitionBehind>? Behind)> CatchingUpAsync(TimeSpan recheckDelay, CancellationToken cancellationToken)
    {
        if (_failure is not null)
        {
            return ($"its consumer group's lag could not be measured ({_failure})", null);
        }

        // Under steady traffic the group is always a batch or so short of the partitions' very end. A change it applies
        // within the recheck's wait is not taken for drift, so only one still waiting after that counts: a check that
        // found nothing to recheck ends sooner, and waits the rest here.
        var remaining = recheckDelay - _time.GetElapsedTime(_started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, _time, cancellationToken);
        }

        IReadOnlyList<PartitionBehind> behind;
        try
        {
            behind = await Task.Run(() => _group.Behind(_ends!), cancellationToken);
        }
        catch (KafkaException ex)
        {
            return ($"its consumer group's lag could not be measured ({ex.Error.Code})", null);
        }

        if (behind.Count == 0)
        {
            return (null, null);
        }

        var worst = behind[0];
        var more = behind.Count > 1 ? $", and more on {behind.Count - 1} other partition{(behind.Count > 2 ? "s" : "")}" : "";
        return ($"its consumer group ({_group.GroupId}) had not applied {worst.Messages} message{(worst.Messages == 1 ? "" : "s")} of {worst} " +
            $"that were there as the check began{more}", behind);
    }
}
