using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Strangler.Sync.Metrics;

/// <summary>
/// The <c>Strangler.Sync</c> meter (names and tags fixed by the contracts shared with the dashboard) plus running
/// totals per pipeline, which the worker's status endpoint reports without a metrics backend.
/// </summary>
internal sealed class SyncMetrics
{
    /// <summary>The meter name every sync instrument is published under.</summary>
    public const string MeterName = "Strangler.Sync";

    /// <summary>The OpenTelemetry resource's default <c>service.name</c>; <c>OTEL_SERVICE_NAME</c> overrides it.</summary>
    public const string ServiceName = "strangler-sync";

    private readonly Counter<long> _applied;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _retried;
    private readonly Histogram<double> _lag;
    private readonly ConcurrentDictionary<string, PipelineStats> _pipelines = new(StringComparer.Ordinal);

    private readonly TimeProvider _time;

    /// <summary>Creates the instruments from the host's meter factory; <paramref name="time"/> dates progress (system clock if null).</summary>
    public SyncMetrics(IMeterFactory meterFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time ?? TimeProvider.System;
        var meter = meterFactory.Create(MeterName);
        _applied = meter.CreateCounter<long>("strangler.sync.applied", description: "Changes or events written to the target store.");
        _skipped = meter.CreateCounter<long>("strangler.sync.skipped", description: "Changes or events ignored as stale or duplicate.");
        _deadLettered = meter.CreateCounter<long>("strangler.sync.dead_lettered", description: "Messages sent to a dead-letter topic.");
        _retried = meter.CreateCounter<long>("strangler.sync.retried", description: "Batches retried after a transient failure.");
        _lag = meter.CreateHistogram<double>("strangler.sync.lag", unit: "s", description: "Now minus the source timestamp of an applied change.");
        // Gauges read the running totals when scraped, so a pipeline that stopped moving still reports its age.
        meter.CreateObservableGauge("strangler.sync.consumer_lag", () => Each(p => p.ConsumerLag),
            unit: "{message}", description: "Messages of the assigned partitions not yet applied.");
        meter.CreateObservableGauge("strangler.sync.last_progress_age", () => Each(p => p.SinceProgress(_time.GetUtcNow()).TotalSeconds),
            unit: "s", description: "Time since the pipeline last committed a batch (since the worker started, before its first).");
        meter.CreateObservableGauge("strangler.sync.stalled", () => Each(p => p.IsStalled(_time.GetUtcNow()) ? 1 : 0),
            description: "1 while the pipeline has lag and made no progress for its StallAfter, else 0.");
        meter.CreateObservableGauge("strangler.sync.kafka_unreachable", () => Each(p => p.Kafka.Reachable == false ? 1 : 0),
            description: "1 while no broker of the pipeline's Kafka answers, else 0.");
        meter.CreateObservableGauge("strangler.sync.batch_failing", () => Each(p => p.Failing is null ? 0 : 1),
            description: "1 while the pipeline retries a batch that failed (its store or legacy database unreachable, say), else 0.");
        meter.CreateObservableGauge("strangler.sync.committed_offset", CommittedOffsets,
            unit: "{offset}", description: "The group's committed offset per assigned partition (none before its first commit there).");
    }

    /// <summary>
    /// Registers a pipeline so that it shows in the status before its first message; <paramref name="stallAfter"/>
    /// (default 2 minutes) is how long it may go without progress while it has lag.
    /// </summary>
    public PipelineStats Register(string pipeline, string kind, string subdomain, TimeSpan? stallAfter = null)
    {
        var stats = _pipelines.GetOrAdd(pipeline, name => new PipelineStats(name, kind, subdomain, _time.GetUtcNow(), DefaultStallAfter));
        if (stallAfter is { } after)
        {
            stats.StallAfter = after;
        }

        return stats;
    }

    /// <summary>Records a committed batch: the time of the commit and the offsets it committed.</summary>
    public void Progressed(string pipeline, string kind, IEnumerable<CommittedOffset> committed) =>
        Stats(pipeline, kind).Progressed(_time.GetUtcNow(), committed);

    /// <summary>Records committed offsets found without progress (e.g. when partitions are assigned).</summary>
    public void Committed(string pipeline, string kind, IEnumerable<CommittedOffset> committed) =>
        Stats(pipeline, kind).Committed(committed);

    /// <summary>Forgets the committed offsets of partitions this worker no longer owns.</summary>
    public void Revoked(string pipeline, string kind, IEnumerable<(string Topic, int Partition)> partitions) =>
        Stats(pipeline, kind).Forget(partitions);

    /// <summary>The running totals of every registered pipeline, ordered by name.</summary>
    public IReadOnlyList<PipelineStats> Pipelines => _pipelines.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

    /// <summary>Counts applied changes; <paramref name="eventType"/> only for backfill.</summary>
    public void Applied(string pipeline, string kind, long count = 1, string? eventType = null)
    {
        _applied.Add(count, Tags(pipeline, kind, eventType));
        Stats(pipeline, kind).AddApplied(count);
    }

    /// <summary>Counts changes ignored as stale or duplicate.</summary>
    public void Skipped(string pipeline, string kind, long count = 1, string? eventType = null)
    {
        _skipped.Add(count, Tags(pipeline, kind, eventType));
        Stats(pipeline, kind).AddSkipped(count);
    }

    /// <summary>Counts messages sent to a dead-letter topic.</summary>
    public void DeadLettered(string pipeline, string kind, long count = 1, string? eventType = null)
    {
        _deadLettered.Add(count, Tags(pipeline, kind, eventType));
        Stats(pipeline, kind).AddDeadLettered(count);
    }

    /// <summary>Counts one retry of a batch after a transient failure.</summary>
    public void Retried(string pipeline, string kind)
    {
        _retried.Add(1, Tags(pipeline, kind, null));
        Stats(pipeline, kind).AddRetried(1);
    }

    /// <summary>Records the lag of one applied change: now minus its source timestamp.</summary>
    public void Lag(string pipeline, string kind, TimeSpan lag, string? eventType = null)
    {
        var seconds = Math.Max(0, lag.TotalSeconds);
        _lag.Record(seconds, Tags(pipeline, kind, eventType));
        Stats(pipeline, kind).MeasuredLag(seconds, _time.GetUtcNow());
    }

    /// <summary>
    /// Records that the pipeline has nothing waiting, as of now and with a broker answering: its lag is 0, freshly
    /// measured. Without it an idle pipeline kept reporting the lag of its last change, however old, and a rollout gate
    /// reading it was held back (or let through) by a figure from hours before.
    /// </summary>
    public void CaughtUp(string pipeline, string kind) => Stats(pipeline, kind).MeasuredLag(0, _time.GetUtcNow());

    /// <summary>Records how many partitions this worker holds for the pipeline.</summary>
    public void Assigned(string pipeline, string kind, int partitions) => Stats(pipeline, kind).Assigned(partitions, _time.GetUtcNow());

    /// <summary>Records that a broker answered: the pipeline's Kafka is reachable (since now, if it was not).</summary>
    public void KafkaReached(string pipeline, string kind)
    {
        var stats = Stats(pipeline, kind);
        var known = stats.Kafka;
        if (known.Reachable != true)
        {
            stats.Kafka = known with { Reachable = true, Since = _time.GetUtcNow() };
        }
    }

    /// <summary>
    /// Records a Kafka error; <paramref name="unreachable"/> when it means no broker answers (the outage starts now,
    /// unless it had already started). <paramref name="reason"/> must hold no secret.
    /// </summary>
    public void KafkaFailed(string pipeline, string kind, string error, string reason, bool unreachable)
    {
        var stats = Stats(pipeline, kind);
        var now = _time.GetUtcNow();
        var known = stats.Kafka;
        stats.Kafka = unreachable && known.Reachable != false
            ? new KafkaConnection(false, now, error, reason, now)
            : known with { LastError = error, LastErrorReason = reason, LastErrorAt = now };
    }

    /// <summary>Records the consumer offset lag (messages not yet consumed) of a pipeline.</summary>
    public void ConsumerLag(string pipeline, string kind, long messages) => Stats(pipeline, kind).ConsumerLag = messages;

    private static readonly TimeSpan DefaultStallAfter = TimeSpan.FromMinutes(2);

    private PipelineStats Stats(string pipeline, string kind) =>
        _pipelines.GetOrAdd(pipeline, name => new PipelineStats(name, kind, string.Empty, _time.GetUtcNow(), DefaultStallAfter));

    private IEnumerable<Measurement<T>> Each<T>(Func<PipelineStats, T> value)
        where T : struct =>
        _pipelines.Values.Select(p => new Measurement<T>(value(p), Tags(p.Name, p.Kind, null)));

    private IEnumerable<Measurement<long>> CommittedOffsets() =>
        _pipelines.Values.SelectMany(p => p.CommittedOffsets.Where(c => c.IsSet).Select(c => new Measurement<long>(c.Offset, new TagList
        {
            { "pipeline", p.Name }, { "kind", p.Kind }, { "topic", c.Topic }, { "partition", c.Partition },
        })));

    private static TagList Tags(string pipeline, string kind, string? eventType)
    {
        var tags = new TagList { { "pipeline", pipeline }, { "kind", kind } };
        if (eventType is not null)
        {
            tags.Add("event_type", eventType);
        }

        return tags;
    }
}
