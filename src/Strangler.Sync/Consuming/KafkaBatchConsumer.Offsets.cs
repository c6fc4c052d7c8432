using Confluent.Kafka;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Consuming;

/// <summary>Storing and committing offsets, and the progress, committed offsets and lag the status reports.</summary>
internal sealed partial class KafkaBatchConsumer
{
    private static readonly TimeSpan LagReportInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CommittedTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromMilliseconds(500);

    private void StoreOffsets(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        // Only the last message of each partition matters; offsets are stored as "next to read".
        foreach (var last in batch.GroupBy(m => m.TopicPartition).Select(g => g.MaxBy(m => m.Offset.Value)!))
        {
            try
            {
                consumer.StoreOffset(last);
                _stored = true;
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_State)
            {
                LogStoreSkipped(_logger, _options.Pipeline, last.TopicPartition.ToString());
            }
        }
    }

    /// <summary>
    /// Commits the stored offsets of the batch just written, synchronously, so progress survives a crash that comes
    /// before any timer would have committed it: a crash loop still moves forward batch by batch.
    /// </summary>
    /// <remarks>
    /// One round trip to the group coordinator per batch, not per message: measured at 0.1 ms against the local mock
    /// broker, and a network round trip plus the broker's replicated write (a few ms) against a real one. A batch of
    /// 500 takes 65 ms to write into LiteDB (sync-in: 7,640 changes/s), so even 5 ms is under 8%, and a batch that
    /// waited FlushInterval to fill was idle anyway. Should the commit fail, the offsets stay stored: the retry while
    /// quiet (<see cref="RetryCommitEvery"/>), the next batch's commit, the one on revoke or the one before close carries
    /// them.
    /// </remarks>
    private void CommitStored(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (!_stored)
        {
            return;
        }

        try
        {
            var committed = consumer.Commit();
            _stored = false;
            Contact();
            _metrics.Progressed(_options.Pipeline, _options.Kind, committed.Select(ToCommitted));
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
            // Already committed (e.g. by the revoke callback inside the last poll): nothing was pending.
            _stored = false;
        }
        catch (KafkaException ex)
        {
            LogCommitFailed(_logger, _options.Pipeline, ex.Error.Reason);
        }
    }

    /// <summary>
    /// Commits again, at most once per <see cref="LagReportInterval"/>, offsets whose commit failed. Without it they waited
    /// for the next batch: a pipeline that went quiet after a failed commit (the demo's snapshot, applied as the group
    /// was still settling) kept its group's committed offsets short of what it had applied for as long as it stayed
    /// quiet, and whatever reads the group's lag from them (the continuous check, a restart) saw changes still waiting.
    /// </summary>
    private void RetryCommitEvery(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_stored && (_commitRetried == 0 || _time.GetElapsedTime(_commitRetried) >= LagReportInterval))
        {
            _commitRetried = _time.GetTimestamp();
            CommitStored(consumer);
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        LogAssigned(_logger, _options.Pipeline, string.Join(',', partitions));
        _assignmentChanged = true;
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<TopicPartition> partitions)
    {
        var revoked = partitions.ToHashSet();
        var dropped = _pending.RemoveAll(m => revoked.Contains(m.TopicPartition));
        LogRevoked(_logger, _options.Pipeline, string.Join(',', revoked), dropped);
        // Commit what was handled before the partitions move, so the new owner starts right after it. Only when
        // something is stored since the last commit: otherwise librdkafka answers "No offset stored", and every
        // graceful stop would log that as a warning.
        if (_stored)
        {
            try
            {
                _metrics.Progressed(_options.Pipeline, _options.Kind, consumer.Commit().Select(ToCommitted));
                _stored = false;
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
            {
                _stored = false;
            }
            catch (KafkaException ex)
            {
                LogCommitOnRevokeFailed(_logger, _options.Pipeline, ex.Error.Reason);
            }
        }

        _metrics.Revoked(_options.Pipeline, _options.Kind, revoked.Select(p => (p.Topic, p.Partition.Value)));
        _assignmentChanged = true;
    }

    /// <summary>
    /// After a rebalance, reads the group's committed offsets of the new assignment, so the status shows where a
    /// restarted worker resumes before its first batch (a crash loop shows as offsets that never move).
    /// </summary>
    private void ReadCommittedIfAssigned(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (!_assignmentChanged)
        {
            return;
        }

        _assignmentChanged = false;
        _lagReported = 0;
        var assignment = consumer.Assignment;
        _metrics.Assigned(_options.Pipeline, _options.Kind, assignment.Count);
        if (assignment.Count == 0)
        {
            _metrics.ConsumerLag(_options.Pipeline, _options.Kind, 0);
            return;
        }

        try
        {
            var committed = consumer.Committed(assignment, CommittedTimeout);
            _metrics.Committed(_options.Pipeline, _options.Kind, committed.Where(c => c.Offset.Value >= 0).Select(ToCommitted));
        }
        catch (KafkaException ex)
        {
            // Only the status misses them until the first commit; consuming goes on.
            LogCommittedUnknown(_logger, _options.Pipeline, ex.Error.Reason);
        }
    }

    private void ReportConsumerLagEvery(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_lagReported == 0 || _time.GetElapsedTime(_lagReported) >= LagReportInterval)
        {
            ReportConsumerLag(consumer);
        }
    }

    /// <summary>
    /// Messages of the assigned partitions not yet applied: from the first one still buffered (fetched but unhandled,
    /// e.g. a batch being retried) or else the fetch position, to the end of the partition. Reported while a batch
    /// retries too, so a pipeline stuck on one shows its lag and can be flagged as stalled.
    /// </summary>
    private void ReportConsumerLag(IConsumer<byte[]?, byte[]?> consumer)
    {
        _lagReported = _time.GetTimestamp();
        var firstPending = _pending.GroupBy(m => m.TopicPartition).ToDictionary(g => g.Key, g => g.Min(m => m.Offset.Value));
        var committed = _stats.CommittedOffsets.Where(c => c.IsSet).ToDictionary(c => (c.Topic, c.Partition), c => c.Offset);
        // Caught up only on evidence: partitions held, nothing buffered, a broker that answered within the probe
        // interval (so that the partitions' ends are current), and every partition's end and resume point known. A
        // worker cut off from Kafka or stuck on a batch keeps its last measure, which ages, and a reader (the rollout's
        // sync gate) then takes the lag as unknown.
        var caughtUp = _pending.Count == 0 && consumer.Assignment.Count > 0 && KafkaReachable;
        long lag = 0;
        foreach (var partition in consumer.Assignment)
        {
            var watermarks = Watermarks(consumer, partition);
            var next = firstPending.TryGetValue(partition, out var pending) ? pending : NextToRead(consumer, partition, watermarks);
            if (watermarks.High.Value >= 0 && next >= 0)
            {
                lag += Math.Max(0, watermarks.High.Value - next);
            }

            caughtUp &= watermarks.High.Value >= 0 && (next >= 0
                ? next >= watermarks.High.Value
                : ResumesAtEnd(watermarks, committed.TryGetValue((partition.Topic, partition.Partition.Value), out var c) ? c : null));
        }

        _metrics.ConsumerLag(_options.Pipeline, _options.Kind, lag);
        if (caughtUp)
        {
            _metrics.CaughtUp(_options.Pipeline, _options.Kind);
        }
    }

    /// <summary>
    /// For a partition nothing was read from since it was assigned (librdkafka knows no position then): whether the
    /// group resumes it at its end, from its committed offset, else from where auto.offset.reset starts.
    /// </summary>
    private bool ResumesAtEnd(WatermarkOffsets watermarks, long? committed) =>
        committed is { } offset
            ? offset >= watermarks.High.Value
            : string.Equals(_options.AutoOffsetReset, "latest", StringComparison.OrdinalIgnoreCase) || watermarks.Low.Value >= watermarks.High.Value;

    /// <summary>
    /// The partition's end as of the last fetch, or asked of the broker when no fetch tells it: while a batch is
    /// retried its partitions are paused and fetch nothing, so the cached end stays where it was (unknown after a
    /// rebalance) and a stuck pipeline reported a lag of 0, never stalled, however much waited behind it.
    /// </summary>
    private WatermarkOffsets Watermarks(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition)
    {
        var cached = consumer.GetWatermarkOffsets(partition);
        if (!_paused && cached.High.Value >= 0)
        {
            return cached;
        }

        try
        {
            return consumer.QueryWatermarkOffsets(partition, WatermarkTimeout);
        }
        catch (KafkaException)
        {
            // Broker unreachable: the cached end is all there is; the next report asks again.
            return cached;
        }
    }

    /// <summary>
    /// Where consuming resumes: the fetch position, or for a partition that has fetched nothing since it was assigned
    /// (paused by a retry from the start), the group's committed offset, else where auto.offset.reset starts.
    /// </summary>
    private long NextToRead(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, WatermarkOffsets watermarks)
    {
        var position = consumer.Position(partition).Value;
        if (position >= 0 || !_paused)
        {
            return position;
        }

        try
        {
            var committed = consumer.Committed([partition], WatermarkTimeout).Single().Offset.Value;
            if (committed >= 0)
            {
                return committed;
            }
        }
        catch (KafkaException)
        {
            return position;
        }

        return string.Equals(_options.AutoOffsetReset, "latest", StringComparison.OrdinalIgnoreCase) ? watermarks.High.Value : watermarks.Low.Value;
    }

    private static CommittedOffset ToCommitted(TopicPartitionOffset offset) =>
        new(offset.Topic, offset.Partition.Value, offset.Offset.Value);
}
