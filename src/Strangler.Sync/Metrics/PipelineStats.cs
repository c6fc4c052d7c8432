namespace Strangler.Sync.Metrics;

/// <summary>Running totals of one pipeline since the worker started; thread-safe.</summary>
public sealed class PipelineStats
{
    private long _applied;
    private long _skipped;
    private long _deadLettered;
    private long _retried;
    private long _consumerLag;
    private long _lagBits;

    internal PipelineStats(string name, string kind, string subdomain)
    {
        Name = name;
        Kind = kind;
        Subdomain = subdomain;
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

    /// <summary>Lag of the last applied change, in seconds.</summary>
    public double LagSeconds
    {
        get => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _lagBits));
        internal set => Interlocked.Exchange(ref _lagBits, BitConverter.DoubleToInt64Bits(value));
    }

    internal void AddApplied(long n) => Interlocked.Add(ref _applied, n);

    internal void AddSkipped(long n) => Interlocked.Add(ref _skipped, n);

    internal void AddDeadLettered(long n) => Interlocked.Add(ref _deadLettered, n);

    internal void AddRetried(long n) => Interlocked.Add(ref _retried, n);
}
