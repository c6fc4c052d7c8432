using System.Net;
using Npgsql;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>What each replica holds open on the store: one listener, and a pool that stays bounded whatever happens.</summary>
public sealed class FleetConnectionTests
{
    [Fact]
    public async Task EachReplica_KeepsOneListenerAndABoundedPool_AcrossManyFlipsAndReconnects()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 3);
        var names = fleet.Replicas.Select((_, i) => fleet.ApplicationName($"r{i}")).ToArray();
        var most = names.ToDictionary(n => n, _ => 0);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                foreach (var (name, count) in await CountAsync(fleet.ConnectionString, names, listenersOnly: false))
                {
                    lock (most)
                    {
                        most[name] = Math.Max(most[name], count);
                    }
                }

                await Task.Delay(50);
            }
        });

        for (var i = 0; i < 30; i++)
        {
            if (i % 10 == 5)
            {
                // A reconnect: the listener and the pooled connections of r2 all die and are opened again.
                await FleetDatabase.TerminateAsync(fleet.ConnectionString, names[2]);
            }

            var (response, change) = await fleet.Replicas[i % 3].AdminAsync(HttpMethod.Post, "/flip",
                new { subdomain = "customers", mode = i % 2 == 0 ? "new" : "legacy", reason = $"flip {i}", actor = "test" });
            Assert.True(response.StatusCode == HttpStatusCode.OK, change?.ToJsonString());
            var revision = (long)change!["revision"]!;
            await Eventually.UntilAsync(() => Task.FromResult(fleet.Replicas.Select(FleetRig.Revision).ToList()),
                served => served.All(r => r == revision), $"every replica on revision {revision}");
        }

        await sampling.CancelAsync();
        await sampler;

        Assert.All(names, name => Assert.InRange(most[name], 1, RouteStateStore.ReplicaPoolSize));
        // Once quiet, each replica's listener shows its keep-alive: exactly one per replica, none left over.
        await Eventually.UntilAsync(() => CountAsync(fleet.ConnectionString, names, listenersOnly: true),
            listeners => names.All(n => listeners.GetValueOrDefault(n) == 1), "one listener per replica");
    }

    [Fact]
    public void ReplicaPool_IsCapped_UnlessTheConnectionStringSaysOtherwise()
    {
        var capped = new NpgsqlConnectionStringBuilder(RouteStateStore.WithPoolCap(LegacyProvider.Postgres, "Host=db;Username=u;Password=p;Search Path=fleet"));
        var own = new NpgsqlConnectionStringBuilder(RouteStateStore.WithPoolCap(LegacyProvider.Postgres, "Host=db;Username=u;Password=p;Maximum Pool Size=40"));

        Assert.Equal(RouteStateStore.ReplicaPoolSize, capped.MaxPoolSize);
        Assert.Equal("fleet", capped.SearchPath);
        Assert.Equal(40, own.MaxPoolSize);
    }

    private static async Task<Dictionary<string, int>> CountAsync(string connectionString, string[] names, bool listenersOnly)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT application_name, count(*)::int FROM pg_stat_activity WHERE application_name = ANY(@names)"
            + (listenersOnly ? " AND query = @keepAlive" : "") + " GROUP BY application_name", connection);
        command.Parameters.AddWithValue("names", names);
        command.Parameters.AddWithValue("keepAlive", RouteStateSync.KeepAlive);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, int>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }
}
