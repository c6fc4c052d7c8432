using System.Collections.Concurrent;

namespace Strangler.Sync.Metrics;

/// <summary>Running totals of one pipeline since the worker started; thread-safe.</summary>
internal sealed class PipelineStats
{
    private long _applied;
    private long _skipped;
    private long _deadLettered;
    private long _retried;
    private long _consumerLag;
    private long _lagBits;
    private long _lastProgressTicks;
    private long _stallAfterTicks;
    private long _lagAtTicks;
    private long _assignedAtTicks;
    private int _partitions;
    private KafkaConnection _kafka = KafkaConnection.Unknown;
    private BatchFailure? _failing;
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _committed = new();

    internal PipelineStats(string name, string kind, string subdomain, DateTimeOffset started, TimeSpan stallAfter)
    {
        Name = name;
        Kind = kind;
        Subdomain = subdomain;
        Started = started;
        _stallAfterTicks = stallAfter.Ticks;
    }

    /// <summary>The pipeline name, e.g. <c>customers-projection</c>.</summary>
    public string Name { get; }

    /// <summary><c>projection</c> or <c>backfill</c>.</summary>
    public string Kind { get; }

    /// <summary>The sub-domain the pipeline feeds.</summary>
    public string Subdomain { get; }

    /// <summary>Changes written.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Changes ignored as stale or duplicate.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Messages dead-lettered.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Batch retries.</summary>
    public long Retried => Interlocked.Read(ref _retried);

    /// <summary>Messages behind the end of the assigned partitions, as of the last batch.</summary>
    public long ConsumerLag
    {
        get => Interlocked.Read(ref _consumerLag);
        internal set => Interlocked.Exchange(ref _consumerLag, value);
    }

    /// <summary>Lag of the last applied change, in seconds; 0 once the pipeline found nothing waiting.</summary>
    public double LagSeconds => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _lagBits));

    /// <summary>
    /// When <see cref="LagSeconds"/> was last measured: a change applied, or the assigned partitions found caught up with
    /// a broker answering. Null before either. An old one means the figure is no longer evidence of anything.
    /// </summary>
    public DateTimeOffset? LagAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lagAtTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>How many partitions this worker holds for the pipeline.</summary>
    public int Partitions
    {
        get => Volatile.Read(ref _partitions);
        internal set => Volatile.Write(ref _partitions, value);
    }

    /// <summary>
    /// When the group last changed what this worker holds (<see cref="Partitions"/>); null before. A
    /// <see cref="LagAt"/> older than this measured partitions held before, not the ones held now.
    /// </summary>
    public DateTimeOffset? AssignedAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _assignedAtTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>What the pipeline last knew of its Kafka cluster.</summary>
    public KafkaConnection Kafka
    {
        get => Volatile.Read(ref _kafka);
        internal set => Volatile.Write(ref _kafka, value);
    }

    /// <summary>The batch being retried after it failed, null while batches go through.</summary>
    public BatchFailure? Failing
    {
        get => Volatile.Read(ref _failing);
        internal set => Volatile.Write(ref _failing, value);
    }

    /// <summary>How long ago <see cref="LagSeconds"/> was measured as of <paramref name="now"/>; null before the first measure.</summary>
    public TimeSpan? LagAge(DateTimeOffset now) => LagAt is { } at ? (now - at < TimeSpan.Zero ? TimeSpan.Zero : now - at) : null;

    internal void Assigned(int partitions, DateTimeOffset at)
    {
        Interlocked.Exchange(ref _assignedAtTicks, at.UtcTicks);
        Partitions = partitions;
    }

    internal void MeasuredLag(double seconds, DateTimeOffset at)
    {
        Interlocked.Exchange(ref _lagBits, BitConverter.DoubleToInt64Bits(seconds));
        Interlocked.Exchange(ref _lagAtTicks, at.UtcTicks);
    }

    /// <summary>When this worker registered the pipeline: the start of the wait for its first progress.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>When this worker last committed a batch of the pipeline; null before its first.</summary>
    public DateTimeOffset? LastProgress
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastProgressTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>How long the pipeline may go without progress while it has lag before it counts as stalled.</summary>
    public TimeSpan StallAfter
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _stallAfterTicks));
        internal set => Interlocked.Exchange(ref _stallAfterTicks, value.Ticks);
    }

    /// <summary>The group's committed offsets on the partitions this worker was assigned, by topic and partition.</summary>
    public IReadOnlyList<CommittedOffset> CommittedOffsets =>
        [.. _committed.Select(c => new CommittedOffset(c.Key.Topic, c.Key.Partition, c.Value))
            .OrderBy(c => c.Topic, StringComparer.Ordinal).ThenBy(c => c.Partition)];

    /// <summary>How long since the last progress (or since the start, before any) as of <paramref name="now"/>.</summary>
    public TimeSpan SinceProgress(DateTimeOffset now)
    {
        var since = now - (LastProgress ?? Started);
        return since < TimeSpan.Zero ? TimeSpan.Zero : since;
    }

    /// <summary>
    /// Messages wait (<see cref="ConsumerLag"/> above zero) and nothing was committed for <see cref="StallAfter"/>: a
    /// crash loop, a message that keeps failing, a store that stays down. An idle pipeline with no lag never stalls.
    /// </summary>
    public bool IsStalled(DateTimeOffset now) => ConsumerLag > 0 && SinceProgress(now) >= StallAfter;

    internal void Progressed(DateTimeOffset at, IEnumerable<CommittedOffset> offsets)
    {
        Interlocked.Exchange(ref _lastProgressTicks, at.UtcTicks);
        Committed(offsets);
    }

    /// <summary>Records committed offsets without counting as progress (e.g. as found when partitions are assigned).</summary>
    internal void Committed(IEnumerable<CommittedOffset> offsets)
    {
        foreach (var offset in offsets)
        {
            // librdkafka's commit result lists every assigned partition, those with nothing newly stored as
            // Offset.Unset: that says "not part of this commit", not "nothing committed", so a known offset stays.
            _committed.AddOrUpdate(
                (offset.Topic, offset.Partition), offset.Offset, (_, known) => offset.IsSet || known < 0 ? offset.Offset : known);
        }
    }

    /// <summary>Drops revoked partitions: their new owner reports them.</summary>
    internal void Forget(IEnumerable<(string Topic, int Partition)> partitions)
    {
        foreach (var partition in partitions)
        {
            _committed.TryRemove(partition, out _);
        }
    }

    internal void AddApplied(long n) => Interlocked.Add(ref _applied, n);

    internal void AddSkipped(long n) => Interlocked.Add(ref _skipped, n);

    internal void AddDeadLettered(long n) => Interlocked.Add(ref _deadLettered, n);

    internal void AddRetried(long n) => Interlocked.Add(ref _retried, n);
}
