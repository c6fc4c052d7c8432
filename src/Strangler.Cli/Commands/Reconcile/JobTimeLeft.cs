using System.Globalization;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// How long a job has left to its counted total at this run's own rate. Spectre's remaining-time column took a resumed
/// job's first report (the earlier run's keys, at once) for speed: a resumed load of a million keys said 2 min 19 s
/// left at 12 % while it needed 5 more.
/// </summary>
internal static class JobTimeLeft
{
    /// <summary>
    /// The time left, or null when it cannot be told: no count, no rate yet, or a reconcile's second phase past the
    /// count (it reads the store's ids, which the count does not know).
    /// </summary>
    public static TimeSpan? Of(ReconcileProgress progress) =>
        progress is { KeysTotal: { } total, KeysPerSecond: > 0 } && progress.KeysDone <= total
            ? TimeSpan.FromSeconds(Math.Ceiling((total - progress.KeysDone) / progress.KeysPerSecond))
            : null;

    /// <summary>The share of the counted total done, in whole percent (null without a count or past it).</summary>
    public static long? Percent(ReconcileProgress progress) =>
        progress is { KeysTotal: { } total and > 0 } && progress.KeysDone <= total ? progress.KeysDone * 100 / total : null;

    /// <summary><c>00:04:07</c>, hours past a day included (<c>27:00:00</c>): an overnight job can be that long.</summary>
    public static string Text(TimeSpan left) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)left.TotalHours:00}:{left.Minutes:00}:{left.Seconds:00}");
}
