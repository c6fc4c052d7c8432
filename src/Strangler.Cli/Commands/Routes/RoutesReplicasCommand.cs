using System.CommandLine;
using System.Globalization;
using Strangler.Cli.Errors;
using Strangler.Gateway.Fleet;
using Strangler.Text;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// <c>strangler routes replicas</c>: the gateway replicas from their heartbeats, each with the revision it serves.
/// One behind the store's revision, or silent for longer than <c>--silent-after</c>, is flagged (exit code 3, a finding, as
/// <c>reconcile</c>'s differences are; not 2, which a script could not tell from a mistake in the command): it may
/// be serving, and someone should look. One silent for longer than <c>--gone-after</c> (the gateways'
/// <c>ReplicaGoneAfter</c>) is shown <c>GONE</c>, and one that stopped cleanly <c>LEFT</c>, as the fleet panel and the
/// rollout gates call them; neither is flagged, since the gates no longer wait for either and there is nothing to do
/// (a crashed replica's row stays in the store: counting it would keep the exit code at 3 for ever after one crash).
/// Each line names the process holding the id (host, pid) and how long ago its run started, so an operator can tell
/// which machine a replica id is on and see a restart; the flags stay last on the line, where scripts look for them.
/// A replica whose id another process was refused within <c>--silent-after</c> (the same explicit id configured twice)
/// is flagged <c>DUPLICATE</c>, with a line under it naming that process's host and pid.
/// </summary>
internal static class RoutesReplicasCommand
{
    /// <param name="time">
    /// This machine's clock: only the fallback for a heartbeat read without the store's time, which a store never
    /// returns. Ages count from the store's clock, read with the rows; a test sets this far off to prove it.
    /// </param>
    public static Command Create(TimeProvider time)
    {
        var silentAfter = new Option<int>("--silent-after")
        {
            Description = "Seconds without a heartbeat after which a replica is flagged as silent.",
            DefaultValueFactory = _ => 30,
        }.Within(1, int.MaxValue, "seconds");
        var goneAfter = new Option<int>("--gone-after")
        {
            Description = "Seconds without a heartbeat after which a silent replica is shown as gone, no longer flagged "
                + "(set it to the gateways' Strangler:Gateway:Fleet:ReplicaGoneAfter; default its default, 5 minutes).",
            DefaultValueFactory = _ => (int)new FleetOptions().ReplicaGoneAfter.TotalSeconds,
        }.Within(1, int.MaxValue, "seconds");
        var store = new FleetStoreOptions();
        var command = new Command("replicas", "List the gateway replicas sharing the route store, flagging any left behind (exit code 3 if one is).") { silentAfter, goneAfter };
        store.AddTo(command);
        FleetCommandAction.Set(command, "replicas", store, async (parseResult, client, output, error, cancellationToken) =>
        {
            var limit = TimeSpan.FromSeconds(parseResult.GetValue(silentAfter));
            var gone = TimeSpan.FromSeconds(parseResult.GetValue(goneAfter));
            if (gone <= limit)
            {
                await error.WriteLineAsync($"routes replicas: --gone-after ({gone.TotalSeconds} s) must be longer than --silent-after ({limit.TotalSeconds} s)");
                return UsageErrors.ExitCode;
            }

            var report = await client.ReplicasAsync(cancellationToken);
            var localNow = time.GetUtcNow();
            var flagged = 0;
            await output.WriteLineAsync($"store revision {report.Revision}; {report.Replicas.Count} replica(s)");
            foreach (var replica in report.Replicas)
            {
                // Last seen and refused are by the store's clock: counted from this machine's, a clock some seconds
                // ahead of the store's flagged every replica SILENT.
                var now = replica.Now(localNow);
                var (flags, said) = Flags(report, replica, now, limit, gone);
                flagged += flags.Count > 0 ? 1 : 0;
                var sync = replica.LastSync is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "never";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{TerminalText.Escape(replica.ReplicaId)}  {TerminalText.Escape(replica.Address)}  {Run(replica, now)}  revision {replica.Revision}  last sync {sync}  last seen {(now - replica.LastSeen).TotalSeconds:0}s ago  {string.Join(" ", flags.Concat(said))}").TrimEnd());
                if (Refused(replica, now, limit) is { } refused)
                {
                    await output.WriteLineAsync(refused);
                }
            }

            return flagged == 0 ? 0 : 3;
        });
        return command;
    }

    // The host is what the process reported of itself, printed escaped: a row written by hand could hold a control
    // character. A row written by a gateway older than run ids has none of the three.
    private static string Run(ReplicaHeartbeat replica, DateTimeOffset now) =>
        replica is { Host: { } host, ProcessId: { } pid, StartedAt: { } started }
            ? string.Create(CultureInfo.InvariantCulture, $"host {TerminalText.Escape(host)}  pid {pid}  started {Ago(now - started)} ago")
            : "host unknown";

    // "45s", "12m", "3h05m", "2d04h": short enough for a narrow terminal, exact enough to tell a restart from a long run.
    // The start is by the holder's clock, which may run ahead of the store's: never below zero.
    private static string Ago(TimeSpan span)
    {
        var s = Math.Max(0, (long)span.TotalSeconds);
        return s switch
        {
            < 120 => $"{s}s",
            < 7200 => $"{s / 60}m",
            < 172800 => $"{s / 3600}h{s % 3600 / 60:00}m",
            _ => $"{s / 86400}d{s % 86400 / 3600:00}h",
        };
    }

    // A second process configured with this replica's id, refused it while the holder runs: it is not ready and changes
    // nothing, but it is a mistake someone has to mend, and it writes nothing else to the store, so this note (recorded
    // at each of its refused heartbeats) is the only sign of it here. The rule (recent, holder not left) is the fleet
    // panel's too, so the two never disagree about one row.
    private static string? Refused(ReplicaHeartbeat replica, DateTimeOffset now, TimeSpan silentAfter) =>
        replica.RecentlyRefused(now, silentAfter)
            ? string.Create(CultureInfo.InvariantCulture,
                $"  another process (host {TerminalText.Escape(replica.RefusedHost ?? "unknown")}, pid {replica.RefusedProcessId}) was refused this id at {replica.RefusedAt!.Value.ToString("u", CultureInfo.InvariantCulture)} ({Ago(now - replica.RefusedAt.Value)} ago): it is not ready and changes nothing in the fleet; set a distinct Strangler:Gateway:Fleet:ReplicaId for one of them")
            : null;

    // Flags (exit code 3) and what is only said: a replica that left is only that, one gone is not also silent.
    private static (List<string> Flags, List<string> Said) Flags(FleetReplicasReport report, ReplicaHeartbeat replica,
        DateTimeOffset now, TimeSpan silentAfter, TimeSpan goneAfter)
    {
        if (replica.LeftAt is { } left)
        {
            return ([], [$"LEFT (stopped cleanly at {left.ToString("u", CultureInfo.InvariantCulture)})"]);
        }

        var quiet = now - replica.LastSeen;
        var flags = new List<string>();
        var said = new List<string>();
        if (report.IsBehind(replica))
        {
            (quiet > goneAfter ? said : flags).Add($"BEHIND (serves {replica.Revision})");
        }

        if (quiet > goneAfter)
        {
            said.Add("GONE");
        }
        else if (quiet > silentAfter)
        {
            flags.Add("SILENT");
        }

        if (replica.RecentlyRefused(now, silentAfter))
        {
            flags.Add("DUPLICATE");
        }

        return (flags, said);
    }
}
