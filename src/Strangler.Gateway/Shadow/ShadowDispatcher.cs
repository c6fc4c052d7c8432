using System.Collections.Concurrent;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Hands shadow work to its sub-domain's <see cref="ShadowLane"/>, replacing a lane when the route's concurrency or
/// queue settings change (the old one drains and ends), and counts what it cannot queue as dropped.
/// </summary>
internal sealed class ShadowDispatcher(ShadowRunner runner, ShadowBudget budget, ShadowResults results, ShadowMetrics metrics)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ShadowLane> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _swap = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Queues <paramref name="work"/> (taking ownership of it), or drops and counts it when the queue is full.</summary>
    public void Enqueue(ShadowWork work)
    {
        if (_stopping.IsCancellationRequested || !LaneFor(work.Plan).TryWrite(work))
        {
            Drop(work, "queue_full");
        }
    }

    /// <summary>Counts a shadow that was never queued; <paramref name="reason"/> is the metric's tag.</summary>
    public void Dropped(ShadowPlan plan, string endpoint, string reason)
    {
        metrics.Dropped(plan.Subdomain, endpoint, reason);
        results.For(plan.Subdomain).RecordDropped(endpoint);
    }

    /// <summary>Counts a request not shadowed by its nature; <paramref name="reason"/> is one of <see cref="ShadowSkips"/>.</summary>
    public void Skipped(ShadowPlan plan, string endpoint, string reason)
    {
        metrics.Skipped(plan.Subdomain, endpoint, reason);
        results.For(plan.Subdomain).RecordSkipped(endpoint, reason);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        // Queued work still runs, but every send sees the cancelled token and ends at once.
        await Task.WhenAll(_lanes.Values.Select(l => l.CompleteAsync()));
        _stopping.Dispose();
    }

    private void Drop(ShadowWork work, string reason)
    {
        Dropped(work.Plan, work.Endpoint, reason);
        budget.Release(work.ReservedBytes);
        work.Dispose();
    }

    private ShadowLane LaneFor(ShadowPlan plan)
    {
        var settings = plan.Settings;
        if (_lanes.TryGetValue(plan.Subdomain, out var lane)
            && lane.MaxConcurrency == settings.MaxConcurrency && lane.QueueLength == settings.QueueLength)
        {
            return lane;
        }

        lock (_swap)
        {
            if (_lanes.TryGetValue(plan.Subdomain, out lane)
                && lane.MaxConcurrency == settings.MaxConcurrency && lane.QueueLength == settings.QueueLength)
            {
                return lane;
            }

            var replacement = new ShadowLane(settings.MaxConcurrency, settings.QueueLength, work => runner.RunAsync(work, _stopping.Token));
            _lanes[plan.Subdomain] = replacement;
            // The old lane's queued work finishes on its own workers; nothing waits for it here.
            _ = lane?.CompleteAsync();
            return replacement;
        }
    }
}
