using System.Net;
using Npgsql;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// Bug: <c>/readyz</c>, which anyone reaching the gateway may call, quoted the store driver's error: a replica whose
/// store refused its password answered <c>route store unreachable (28P01: password authentication failed for user
/// "postgres")</c>, naming the database user (and, for a refused connection, the store's host and port). It now
/// names the kind of failure; the log and the replica's state keep the whole message for ops.
/// </summary>
public sealed class ReadinessDisclosureTests
{
    [Fact]
    public async Task Bug_Readyz_QuotedTheDriversErrorNamingTheStoresUser()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var wrong = new NpgsqlConnectionStringBuilder(FleetDatabase.Via(fleet.ConnectionString, fleet.ApplicationName("wrong")))
        {
            Password = "not-the-password",
        };
        var user = wrong.Username!;

        var replica = await fleet.StartReplicaAsync("wrong", extra: new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Fleet:ConnectionString"] = wrong.ConnectionString,
            ["Strangler:Gateway:Fleet:StartTimeout"] = "00:00:02",
        });

        var response = await Eventually.UntilAsync(() => replica.Client.GetAsync("/readyz"),
            r => r.Content.ReadAsStringAsync().Result.Contains("route store unreachable"), "the replica to report the refused store");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("route store unreachable (PostgresException 28P01; the log has the driver's message)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(user, text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        // Ops still have the whole story where only they look.
        Assert.Contains(user, replica.Service<FleetRouteState>().StoreError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_OfAReplicaOnAStoreNeverMigrated_SaysToRunMigrate_NotAnExceptionsTypeName()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var unmigrated = await FleetDatabase.CreateAsync(upTo: "0020");
        var logs = new CapturedLogLines();

        var replica = await fleet.StartReplicaAsync("unmigrated", extra: new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Fleet:ConnectionString"] = FleetDatabase.Via(unmigrated, fleet.ApplicationName("unmigrated")),
            ["Strangler:Gateway:Fleet:StartTimeout"] = "00:00:02",
        }, logs: logs);

        var response = await replica.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("route store not migrated (it lacks tables or columns this gateway needs: never migrated, or not since an upgrade; "
            + "the log has the driver's message): run strangler migrate against it; serving no revision", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        // Bug: it said "route store unreachable" of a store that answered: an operator looked at the network, not the schema.
        Assert.DoesNotContain("unreachable", text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        var (_, routes) = await replica.AdminAsync(HttpMethod.Get, "/routes");
        var error = (string?)routes!["lastLoadError"]!["errors"]![0]!["message"];
        Assert.StartsWith("the fleet's route store is not migrated (", error, StringComparison.Ordinal);
        Assert.EndsWith("no route is served until strangler migrate has run against it", error, StringComparison.Ordinal);
        // The log too: its lines began "Route store unreachable" for a store that answered.
        var store = logs.Lines.Where(l => l.StartsWith("Route store ", StringComparison.Ordinal)).ToList();
        Assert.Contains(store, l => l.StartsWith("Route store not migrated (run strangler migrate against it) at start and no usable cached state", StringComparison.Ordinal));
        Assert.DoesNotContain(store, l => l.Contains("unreachable", StringComparison.Ordinal));
    }
}
