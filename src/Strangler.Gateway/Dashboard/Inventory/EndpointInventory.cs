using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Dashboard.Inventory;

/// <summary>
/// The legacy endpoints learned from traffic: per sub-domain, method and folded path, how often each side answered
/// and when it was last hit. Memory is bounded by <see cref="DashboardOptions.MaxInventoryTemplates"/>; requests for
/// templates beyond the cap are only counted in <see cref="Dropped"/>.
/// </summary>
internal sealed class EndpointInventory(IOptions<DashboardOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Subdomain, string Method, string Template), Counts> _entries = new();
    private long _dropped;

    /// <summary>Requests not recorded because the template cap was reached.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(string subdomain, string method, string template, string side, int status)
    {
        var key = (subdomain, method, template);
        if (!_entries.TryGetValue(key, out var counts))
        {
            if (_entries.Count >= options.Value.MaxInventoryTemplates)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            counts = _entries.GetOrAdd(key, _ => new Counts());
        }

        counts.Record(side, status, time.GetUtcNow());
    }

    /// <summary>
    /// Adds saved entries (from <see cref="Snapshot"/> of an earlier run) to what this run has learned, within the cap.
    /// Their templates are folded again (<see cref="PathTemplate.Refold"/>): entries that fold to one template add up.
    /// </summary>
    public void Restore(IEnumerable<InventoryEntry> saved)
    {
        foreach (var entry in saved)
        {
            var key = (entry.Subdomain, entry.Method, PathTemplate.Refold(entry.Template));
            if (!_entries.ContainsKey(key) && _entries.Count >= options.Value.MaxInventoryTemplates)
            {
                continue;
            }

            _entries.GetOrAdd(key, _ => new Counts()).Restore(entry);
        }
    }

    public IReadOnlyList<InventoryEntry> Snapshot()
    {
        var retireBefore = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetireAfterDays);
        return _entries
            .Select(pair => pair.Value.ToEntry(pair.Key.Subdomain, pair.Key.Method, pair.Key.Template, retireBefore))
            .OrderBy(e => e.Subdomain, StringComparer.Ordinal)
            .ThenBy(e => e.Template, StringComparer.Ordinal)
            .ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();
    }

    private sealed class Counts
    {
        private readonly Lock _lock = new();
        private long _legacy;
        private long _new;
        private bool _servedByNew;
        private DateTimeOffset _lastHit;

        public void Record(string side, int status, DateTimeOffset now)
        {
            lock (_lock)
            {
                if (side == Metrics.TrafficHistory.New)
                {
                    _new++;
                    // A 404 from the new side means it does not serve this yet; 5xx still proves it routes it.
                    _servedByNew |= status != 404 && status != 0;
                }
                else
                {
                    _legacy++;
                }

                _lastHit = now > _lastHit ? now : _lastHit;
            }
        }

        public void Restore(InventoryEntry saved)
        {
            lock (_lock)
            {
                _legacy += saved.LegacyHits;
                _new += saved.NewHits;
                _servedByNew |= saved.ServedByNew;
                _lastHit = saved.LastHit > _lastHit ? saved.LastHit : _lastHit;
            }
        }

        public InventoryEntry ToEntry(string subdomain, string method, string template, DateTimeOffset retireBefore)
        {
            lock (_lock)
            {
                return new InventoryEntry(subdomain, method, template, _legacy, _new, _lastHit, _servedByNew,
                    _lastHit < retireBefore);
            }
        }
    }
}
