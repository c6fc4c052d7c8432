using System.Collections.Concurrent;

namespace Strangler.Gateway.Logging;

/// <summary>
/// Lets the first warning of a kind through, then at most one per <see cref="Interval"/>, each carrying how many were
/// held back since the previous one. The per-request warnings (an upstream failed, a fallback) otherwise turn an
/// outage into a flood: with the legacy upstream down, 1,900 requests/s wrote 34.7 MB of log in 5 s, 3.6 KB a request
/// (two stack traces each). The metrics still count every failure.
/// </summary>
internal sealed class RepeatedWarnings(TimeProvider time)
{
    /// <summary>The most one kind of warning is written: often enough to see an incident start and go on.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    // Keys are bounded: sub-domains are the route files' (plus "(unclaimed)"), kinds and codes a few each.
    private readonly ConcurrentDictionary<(string Subdomain, int Kind, int Code), Slot> _slots = new();

    /// <summary>
    /// Whether this occurrence of (<paramref name="subdomain"/>, <paramref name="kind"/>, <paramref name="code"/>) is
    /// to be written; if so, <paramref name="heldBack"/> is how many of its kind were not written since the last one.
    /// </summary>
    public bool ShouldWrite(string subdomain, int kind, int code, out long heldBack)
    {
        var slot = _slots.GetOrAdd((subdomain, kind, code), static _ => new Slot());
        var now = time.GetTimestamp();
        lock (slot)
        {
            if (slot.Written is { } last && time.GetElapsedTime(last, now) < Interval)
            {
                slot.HeldBack++;
                heldBack = 0;
                return false;
            }

            heldBack = slot.HeldBack;
            slot.HeldBack = 0;
            slot.Written = now;
            return true;
        }
    }

    private sealed class Slot
    {
        public long? Written { get; set; }

        public long HeldBack { get; set; }
    }
}
