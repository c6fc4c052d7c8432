using System.Globalization;
using System.Net;
using Npgsql;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

// Ops asked for an alert "a replica is behind": /metrics said how stale a replica's state was, never which revision it
// served, so the revision was only in `strangler routes replicas`.
public sealed class FleetRevisionMetricsTests
{
    private const string Served = "strangler_gateway_route_revision_served";
    private const string Store = "strangler_gateway_route_revision_store";

    [Fact]
    public async Task Metrics_SayTheRevisionServed_AndTheStoresNewest_SoAReplicaThatRejectedAStateShowsBehind()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        var replica = fleet.Replicas[0];
        var (flip, change) = await replica.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "metrics", actor = "test" });
        Assert.Equal(HttpStatusCode.OK, flip.StatusCode);
        var revision = (long)change!["revision"]!;

        var text = await Eventually.UntilAsync(() => replica.Client.GetStringAsync("/metrics"),
            m => Value(m, Served) == revision && Value(m, Store) == revision, "both gauges at the flip's revision");

        // A hand edit the replica cannot read: it keeps serving its last good table, and the store is ahead of it.
        await using (var connection = new NpgsqlConnection(fleet.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var edit = new NpgsqlCommand(
                "UPDATE strangler_route_state SET revision = revision + 1, routes = '[{\"name\": ' WHERE id = 1", connection);
            Assert.Equal(1, await edit.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        text = await Eventually.UntilAsync(() => replica.Client.GetStringAsync("/metrics"),
            m => Value(m, Store) == revision + 1, "the store gauge to see the edited revision");
        Assert.Equal(revision, Value(text, Served));
    }

    [Fact]
    public async Task SingleGateway_HasNoRevisionGauges()
    {
        await using var rig = await Rig.StartAsync("legacy");

        var text = await rig.Gateway.Client.GetStringAsync("/metrics");

        Assert.DoesNotContain(Served, text);
        Assert.DoesNotContain(Store, text);
    }

    private static long? Value(string metrics, string name)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal) && !line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                continue;
            }

            var afterLabels = line[(line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : name.Length)..].Trim();
            return long.Parse(afterLabels.Split(' ')[0], CultureInfo.InvariantCulture);
        }

        return null;
    }
}
