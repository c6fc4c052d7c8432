using Npgsql;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// A replica that died without a clean stop (killed, its node lost) and never came back under its id kept its rows in
/// the store for ever, listed GONE by <c>routes replicas</c> and the fleet panel. The running replicas' heartbeats and
/// publications now delete them after <c>ForgetReplicaAfter</c>.
/// </summary>
public sealed class ForgottenReplicaTests
{
    [Fact]
    public async Task ACrashedReplicasRows_AreDeletedOnceNotHeardFromForForgetReplicaAfter_AYoungerOnesStay()
    {
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        await using (var connection = new NpgsqlConnection(rig.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            // Neither marked as left: one last heard from 2 hours ago, one 50 minutes ago.
            await using var insert = new NpgsqlCommand("""
                INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_seen) VALUES
                    ('crashed-long-ago', '', 1, now() - interval '2 hours'),
                    ('crashed-lately', '', 1, now() - interval '50 minutes');
                INSERT INTO strangler_gateway_traffic (replica_id, figures, published_at) VALUES
                    ('crashed-long-ago', '[]', now() - interval '2 hours'),
                    ('crashed-lately', '[]', now() - interval '50 minutes');
                """, connection);
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await rig.StartReplicaAsync("r0", extra: new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Fleet:ForgetReplicaAfter"] = "01:00:00",
            ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "00:00:00.500",
        });

        await Eventually.UntilAsync(() => RowsAsync(rig, "crashed-long-ago"), rows => rows == (0, 0), "the long-crashed replica's rows to be deleted");
        Assert.Equal((1, 1), await RowsAsync(rig, "crashed-lately"));
        Assert.Equal(["crashed-lately", "r0"], (await rig.Store().ReplicasAsync(TestContext.Current.CancellationToken)).Replicas.Select(r => r.ReplicaId));
    }

    /// <summary>The replica's rows in the heartbeat and the traffic table.</summary>
    private static async Task<(long Heartbeats, long Traffic)> RowsAsync(FleetRig rig, string replica)
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM strangler_gateway_replicas WHERE replica_id = @id),
                   (SELECT count(*) FROM strangler_gateway_traffic WHERE replica_id = @id)
            """, connection);
        command.Parameters.AddWithValue("id", replica);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
