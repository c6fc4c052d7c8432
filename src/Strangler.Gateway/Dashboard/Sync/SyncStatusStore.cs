using System.Collections.Concurrent;

namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>Latest sync figures per worker and pipeline, with lag history; written by the poller.</summary>
internal sealed class SyncStatusStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SyncSourceState> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Source, string Name), SyncPipelineView> _pipelines = new();
    private readonly ConcurrentDictionary<(string Source, string Name), LagHistory> _lag = new();
    private readonly ConcurrentDictionary<(string Source, string Projection), SyncDriftStatus> _drift = new();
    private readonly ConcurrentDictionary<(string Source, string Projection), DateTimeOffset?> _checkedAfter = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _askedAt = new(StringComparer.Ordinal);

    public IReadOnlyList<SyncSourceState> Sources() => [.. _sources.Values.OrderBy(s => s.Url, StringComparer.Ordinal)];

    public IReadOnlyList<SyncPipelineView> Pipelines() =>
        [.. _pipelines.Values.OrderBy(p => p.Status.Subdomain, StringComparer.Ordinal).ThenBy(p => p.Status.Name)];

    public IReadOnlyList<(DateTimeOffset Start, double? LagSeconds)> LagSeries(string source, string name, TimeSpan span) =>
        _lag.TryGetValue((source, name), out var history) ? history.Series(time.GetUtcNow(), span) : [];

    /// <summary>The latest continuous check of <paramref name="projection"/> reported by <paramref name="source"/>, if any.</summary>
    public SyncDriftStatus? Drift(string source, string projection) => _drift.GetValueOrDefault((source, projection));

    /// <summary>
    /// On this gateway's clock, a time after which the latest check of <paramref name="projection"/> was taken: when the
    /// last poll of <paramref name="source"/> that did not report it yet was sent. Null when the first poll that reached
    /// the worker already reported it (it may be from any time before).
    /// </summary>
    public DateTimeOffset? CheckedAfter(string source, string projection) => _checkedAfter.GetValueOrDefault((source, projection));

    /// <param name="source">The worker's status URL.</param>
    /// <param name="pipelines">Its pipelines.</param>
    /// <param name="drift">Its latest continuous checks.</param>
    /// <param name="askedAt">When the poll was sent (default: now): a check it reports first was taken after the previous one.</param>
    public void RecordSuccess(string source, IReadOnlyList<SyncPipelineStatus> pipelines, IReadOnlyList<SyncDriftStatus>? drift = null,
        DateTimeOffset? askedAt = null)
    {
        DateTimeOffset? previousPoll = _askedAt.TryGetValue(source, out var lastAsked) ? lastAsked : null;
        foreach (var result in drift ?? [])
        {
            var key = (source, result.Projection);
            if (!_drift.TryGetValue(key, out var known) || known != result)
            {
                _checkedAfter[key] = previousPoll;
            }

            _drift[key] = result;
        }

        _askedAt[source] = askedAt ?? time.GetUtcNow();

        var now = time.GetUtcNow();
        _sources[source] = new SyncSourceState(source, true, null, now);
        foreach (var status in pipelines)
        {
            var key = (source, status.Name);
            var rate = 0.0;
            if (_pipelines.TryGetValue(key, out var previous) && now > previous.ReportedAt
                && status.Applied >= previous.Status.Applied)
            {
                rate = (status.Applied - previous.Status.Applied) / (now - previous.ReportedAt).TotalSeconds;
            }

            _pipelines[key] = new SyncPipelineView(status, source, rate, now);
            _lag.GetOrAdd(key, _ => new LagHistory()).Record(now, status.LagSeconds);
        }
    }

    /// <summary>Keeps the last figures (marked by the source state as stale) rather than dropping them.</summary>
    public void RecordFailure(string source, string error)
    {
        var last = _sources.TryGetValue(source, out var state) ? state.LastSuccess : null;
        _sources[source] = new SyncSourceState(source, false, error, last);
    }
}
