using System.Diagnostics;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Strangler.Sync.Metrics;

/// <summary>
/// The <c>Strangler.Sync</c> meter (names and tags fixed by the contracts shared with the dashboard) plus running
/// totals per pipeline, which the worker's status endpoint reports without a metrics backend.
/// </summary>
public sealed class SyncMetrics
{
    /// <summary>The meter name every sync instrument is published under.</summary>
    public const string MeterName = "Strangler.Sync";

    private readonly Counter<long> _applied;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _retried;
    private readonly Histogram<double> _lag;
    private readonly ConcurrentDictionary<string, PipelineStats> _pipelines = new(StringComparer.Ordinal);

    /// <summary>Creates the instruments from the host's meter factory.</summary>
    public SyncMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _applied = meter.CreateCounter<long>("strangler.sync.applied", description: "Changes or events written to the target store.");
        _skipped = meter.CreateCounter<long>("strangler.sync.skipped", description: "Changes or events ignored as stale or duplicate.");
        _deadLettered = meter.CreateCounter<long>("strangler.sync.dead_lettered", description: "Messages sent to a dead-letter topic.");
        _retried = meter.CreateCounter<long>("strangler.sync.retried", description: "Batches retried after a transient failure.");
        _lag = meter.CreateHistogram<double>("strangler.sync.lag", unit: "s", description: "Now minus the source timestamp of an applied change.");
    }

    /// <summary>Registers a pipeline so that it shows in the status before its first message.</summary>
    public PipelineStats Register(string pipeline, string kind, string subdomain) =>
        _pipelines.GetOrAdd(pipeline, name => new PipelineStats(name, kind, subdomain));

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
        Stats(pipeline, kind).LagSeconds = seconds;
    }

    /// <summary>Records the consumer offset lag (messages not yet consumed) of a pipeline.</summary>
    public void ConsumerLag(string pipeline, string kind, long messages) => Stats(pipeline, kind).ConsumerLag = messages;

    private PipelineStats Stats(string pipeline, string kind) =>
        _pipelines.GetOrAdd(pipeline, name => new PipelineStats(name, kind, string.Empty));

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
