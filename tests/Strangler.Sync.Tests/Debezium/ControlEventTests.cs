using System.Text;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

/// <summary>
/// Debezium's other messages (transaction boundaries, schema changes, heartbeats) are rejected with a reason that says
/// what they are, never read as rows. The captured BEGIN/END and schema change are in CapturedMessageTests; the
/// heartbeat is NOT CAPTURED (no real one was found kept as JSON), so it is written here from Debezium's documented
/// form: key <c>{"serverName": …}</c> (schema io.debezium.connector.common.ServerNameKey), value <c>{"ts_ms": …}</c>
/// (schema io.debezium.connector.common.Heartbeat), on topic <c>__debezium-heartbeat.&lt;prefix&gt;</c>.
/// </summary>
public sealed class ControlEventTests
{
    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void A_heartbeat_with_its_schema_is_rejected_as_a_heartbeat()
    {
        var error = Assert.Throws<DebeziumFormatException>(() => DebeziumDecoder.Decode("legacy",
            Json("""{"schema":{"type":"struct","name":"io.debezium.connector.common.ServerNameKey","fields":[{"type":"string","optional":false,"field":"serverName"}]},"payload":{"serverName":"legacy"}}"""),
            Json("""{"schema":{"type":"struct","name":"io.debezium.connector.common.Heartbeat","fields":[{"type":"int64","optional":false,"field":"ts_ms"}]},"payload":{"ts_ms":1588252618953}}""")));

        Assert.Equal("value $.payload", error.Path);
        Assert.Contains("a heartbeat", error.Problem, StringComparison.Ordinal);
        Assert.Contains("topic 'legacy' carries no rows", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("__debezium-heartbeat.legacy", "{\"serverName\":\"legacy\"}")]
    [InlineData("legacy.heartbeats", "{\"serverName\":\"legacy\"}")]
    [InlineData("__debezium-heartbeat.legacy", null)]
    public void A_heartbeat_without_schema_is_known_by_its_topic_or_its_key(string topic, string? key)
    {
        var error = Assert.Throws<DebeziumFormatException>(() =>
            DebeziumDecoder.Decode(topic, key is null ? null : Json(key), Json("{\"ts_ms\":1588252618953}"), keyRequired: false));

        Assert.StartsWith("a heartbeat", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_boundary_with_its_schema_names_its_status()
    {
        var error = Assert.Throws<DebeziumFormatException>(() => DebeziumDecoder.Decode("legacy.transaction", Json("{\"id\":\"571:53195832\"}"), Json("""
            {"schema":{"type":"struct","name":"io.debezium.connector.common.TransactionMetadataValue","fields":[
              {"type":"string","optional":false,"field":"status"},{"type":"string","optional":false,"field":"id"},
              {"type":"int64","optional":true,"field":"event_count"},{"type":"int64","optional":false,"field":"ts_ms"}]},
             "payload":{"status":"BEGIN","id":"571:53195832","event_count":null,"ts_ms":1486500577125}}
            """)));

        Assert.Equal("value $.payload.status", error.Path);
        Assert.StartsWith("is \"BEGIN\": a transaction metadata event", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flattened_row_with_columns_named_status_id_or_ts_ms_is_still_a_row()
    {
        var withOtherColumns = DebeziumDecoder.Decode("legacy.dbo.Jobs", Json("{\"id\":7}"), Json("{\"id\":7,\"status\":\"END\",\"owner\":\"ops\"}"));
        // A table whose only column is its key ts_ms (a flattened row holds its key's columns; see NotAChangeEventTests).
        var onlyTimestamp = DebeziumDecoder.Decode("legacy.dbo.Ticks", Json("{\"ts_ms\":1588252618953}"), Json("{\"ts_ms\":1588252618953}"));

        Assert.Equal("END", withOtherColumns.After!["status"]);
        Assert.Equal(1588252618953L, onlyTimestamp.After!["ts_ms"]);
    }
}
