namespace Strangler.Gateway.Fleet;

/// <summary>
/// Whether this run may write its replica id's heartbeat row, given who holds it. It may when the row is its own,
/// absent, from before runs were recorded, or its holder left or fell silent (no heartbeat for
/// <see cref="FreshFor"/>, the window after which the fleet panel names a replica silent). A row whose holder still
/// beats is another process configured with the same id, and is not overwritten.
/// A crashed process cannot mark its row as left, so a plain restart would wait out that window, unready; a holder on
/// this same host whose process no longer runs is taken over at once. A holder on this host with this very process id
/// is a previous run too (a container restarted in place is pid 1 again), but only at this run's first claim: two
/// containers given one host name and one replica id would otherwise take the row from each other at every beat.
/// </summary>
internal static class ReplicaClaim
{
    /// <summary>
    /// Heartbeat intervals without one after which a replica is silent (the fleet panel flags it), and its id free to
    /// take over: one late write under load is not an alarm, nor a reason to take a running replica's id.
    /// </summary>
    public const int SilentAfterHeartbeats = 3;

    public static TimeSpan FreshFor(FleetOptions options) => TimeSpan.FromTicks(options.HeartbeatInterval.Ticks * SilentAfterHeartbeats);

    /// <summary>Null to refuse; otherwise why this run may write (the holder's run is compared-and-set on the write).</summary>
    public static string? Decide(ReplicaHolder? holder, ReplicaRun run, TimeSpan freshFor, bool firstClaim)
    {
        if (holder is null)
        {
            return "no row";
        }

        if (holder.RunId is null || holder.RunId == run.RunId)
        {
            return holder.RunId is null ? "a row from before runs were recorded" : "its own row";
        }

        if (holder.Left)
        {
            return "its holder left";
        }

        if (holder.Age > freshFor)
        {
            return "its holder fell silent";
        }

        if (holder.Host == run.Host && holder.ProcessId is { } pid)
        {
            if (pid != run.ProcessId && !run.ProcessAlive(pid))
            {
                return "its holder's process no longer runs on this host";
            }

            if (pid == run.ProcessId && firstClaim)
            {
                return "its holder was this host's previous process under this process id";
            }
        }

        return null;
    }
}
