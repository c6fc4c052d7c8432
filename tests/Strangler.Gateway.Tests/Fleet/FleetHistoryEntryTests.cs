using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// Bug: the fleet's history was read with JsonStringEnumConverter, so a row edited to <c>"mode": 2</c> was a change to
/// <c>new</c> that a rollback could restore; and a row that did not read at all (a user key <c>"header, cookie"</c>)
/// threw out of the catch-up, so a replica could not start, and one running failed its flips. Now such a row is
/// skipped with a warning naming its sequence, column and field, and the replica serves and flips.
/// </summary>
public sealed class FleetHistoryEntryTests
{
    [Fact]
    public async Task AnUnreadableHistoryRow_IsSkippedNamingIt_AndTheReplicasStartAndFlip()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var logs = new CapturedLogLines();
        var first = await fleet.StartReplicaAsync("r0", services: s => s.AddLogging(b => b.AddProvider(logs)));
        var (flip, _) = await first.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "canary", percentage = 10, reason = "good" });
        Assert.Equal(HttpStatusCode.OK, flip.StatusCode);
        await using (var connection = new NpgsqlConnection(fleet.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO strangler_route_history (revision, change) VALUES (90, @numbered), (91, @listed)", connection);
            insert.Parameters.AddWithValue("numbered", Row(90, "\"mode\":2"));
            insert.Parameters.AddWithValue("listed", Row(91, "\"mode\":\"new\",\"userKey\":{\"source\":\"header, cookie\",\"name\":\"u\"}"));
            await insert.ExecuteNonQueryAsync(ct);
        }

        var (next, _) = await first.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "legacy", reason = "after the edit" });
        var laterLogs = new CapturedLogLines();
        var later = await fleet.StartReplicaAsync("r1", services: s => s.AddLogging(b => b.AddProvider(laterLogs)));

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        foreach (var (replica, lines) in new[] { (first, logs), (later, laterLogs) })
        {
            var history = replica.Service<FleetRouteState>().History;
            Assert.Equal(["good", "after the edit"], history.Where(c => c.Action == "flip").Select(c => c.Reason));
            Assert.DoesNotContain(history, c => c.Route?.Mode == RouteMode.New);
            Assert.Contains(lines.Lines, l => l.StartsWith("Fleet history entry ", StringComparison.Ordinal)
                && l.Contains("is not read (an edit): column ", StringComparison.Ordinal)
                && l.Contains("($.route.mode): a route mode must be one of \"legacy\", \"canary\" or \"new\" (a string), found the number 2", StringComparison.Ordinal));
            Assert.Contains(lines.Lines, l => l.StartsWith("Fleet history entry ", StringComparison.Ordinal)
                && l.Contains("userKey.source: unknown source 'header, cookie'", StringComparison.Ordinal));
        }

        Assert.StartsWith("legacy ", (await later.GetAsync("/customers")).Body);
    }

    private static string Row(long revision, string route) =>
        "{\"at\":\"1970-01-01T00:00:00+00:00\",\"actor\":\"mallory\",\"reason\":\"edited\",\"action\":\"flip\",\"subdomain\":\"customers\","
        + $"\"from\":\"legacy\",\"to\":\"new\",\"revision\":{revision},\"route\":{{\"name\":\"customers\",\"paths\":[\"/customers\"],"
        + $"\"legacy\":\"http://127.0.0.1:1\",\"new\":\"http://127.0.0.1:2\",{route},\"revision\":{revision}}}}}";
}
