using System.CommandLine;
using System.Globalization;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// <c>strangler routes replicas</c>: the gateway replicas from their heartbeats, each with the revision it serves;
/// one behind the store's revision, or silent for longer than <c>--silent-after</c>, is flagged (exit code 2).
/// </summary>
internal static class RoutesReplicasCommand
{
    public static Command Create()
    {
        var silentAfter = new Option<int>("--silent-after")
        {
            Description = "Seconds without a heartbeat after which a replica is flagged as silent.",
            DefaultValueFactory = _ => 30,
        };
        var store = new FleetStoreOptions();
        var command = new Command("replicas", "List the gateway replicas sharing the route store, flagging any left behind.") { silentAfter };
        store.AddTo(command);
        FleetCommandAction.Set(command, "replicas", store, async (parseResult, client, output, _, cancellationToken) =>
        {
            var report = await client.ReplicasAsync(cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var limit = TimeSpan.FromSeconds(parseResult.GetValue(silentAfter));
            var flagged = 0;
            await output.WriteLineAsync($"store revision {report.Revision}; {report.Replicas.Count} replica(s)");
            foreach (var replica in report.Replicas)
            {
                var flags = new List<string>();
                if (report.IsBehind(replica))
                {
                    flags.Add($"BEHIND (serves {replica.Revision})");
                }

                if (now - replica.LastSeen > limit)
                {
                    flags.Add("SILENT");
                }

                flagged += flags.Count > 0 ? 1 : 0;
                var sync = replica.LastSync is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "never";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{replica.ReplicaId}  {replica.Address}  revision {replica.Revision}  last sync {sync}  last seen {(now - replica.LastSeen).TotalSeconds:0}s ago  {string.Join(" ", flags)}").TrimEnd());
            }

            return flagged == 0 ? 0 : 2;
        });
        return command;
    }
}
