using System.Text.Json.Nodes;
using Npgsql;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// A replica stopping cleanly publishes its final figures once it has stopped publishing (<c>FleetLeave</c>). Requests
/// Kestrel still serves during the shutdown must be in them: counted after, they would be lost with the process.
/// </summary>
public sealed class FleetFinalFiguresTests
{
    [Fact]
    public async Task ARequestInFlightAsTheReplicaStops_IsServed_AndCountedInItsFinalFigures()
    {
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        var replica = await rig.StartReplicaAsync("r-stopping", extra: new Dictionary<string, string?>
        {
            // Only the final publication: what the row holds is what the stop published.
            ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "01:00:00",
            ["Strangler:Gateway:Fleet:ReplicaGoneAfter"] = "04:00:00",
        });
        var answered = new TaskCompletionSource();
        rig.Legacy.Handler = async context =>
        {
            await answered.Task;
            context.Response.StatusCode = 200;
        };
        // Not the host's client: stopping disposes that one first, and it would abort the request.
        using var client = new HttpClient { BaseAddress = new Uri(replica.Url) };
        var inFlight = client.GetAsync("/customers/1", TestContext.Current.CancellationToken);
        await Eventually.UntilAsync(() => Task.FromResult(rig.Legacy.RequestCount), n => n == 1, "the request to reach the upstream");

        var stopping = rig.StopReplicaAsync(replica);
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        answered.SetResult();
        using var response = await inFlight;
        await stopping;

        Assert.Equal(200, (int)response.StatusCode);
        var figures = await FiguresAsync(rig, "r-stopping");
        var legacy = figures.AsArray().Single(f => (string)f!["subdomain"]! == "customers" && (string)f!["side"]! == "legacy")!;
        Assert.Equal(1, (long)legacy["requests"]!);
    }

    private static async Task<JsonNode> FiguresAsync(FleetRig rig, string replica)
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT figures FROM strangler_gateway_traffic WHERE replica_id = @id AND left_at IS NOT NULL", connection);
        command.Parameters.AddWithValue("id", replica);
        return JsonNode.Parse((string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!)!;
    }
}
