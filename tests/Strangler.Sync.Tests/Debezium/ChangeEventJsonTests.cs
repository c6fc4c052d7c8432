using System.Text.Json;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

public sealed class ChangeEventJsonTests
{
    [Fact]
    public void Decoded_change_prints_table_op_key_rows_position_and_timestamp()
    {
        var change = DebeziumDecoder.Decode("legacy.dbo.Customers", Fixture.Bytes("sqlserver-key.json"), Fixture.Bytes("sqlserver-create.json"));

        using var json = JsonDocument.Parse(ChangeEventJson.Format(change));
        var root = json.RootElement;
        Assert.Equal("dbo.Customers", root.GetProperty("table").GetString());
        Assert.Equal("c", root.GetProperty("op").GetString());
        Assert.Equal(1001, root.GetProperty("key").GetProperty("Id").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("before").ValueKind);
        Assert.Equal(1234.50m, root.GetProperty("after").GetProperty("CreditLimit").GetDecimal());
        Assert.Equal("1815-12-10", root.GetProperty("after").GetProperty("BirthDate").GetString());
        Assert.Equal("2025-11-25T12:00:00.1234567+01:00", root.GetProperty("after").GetProperty("UpdatedAt").GetString());
        Assert.Equal(change.Position.Value, root.GetProperty("position").GetString());
        Assert.Equal("2025-11-25T12:00:00.0000000+00:00", root.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Tombstone_prints_as_such()
    {
        var change = DebeziumDecoder.Decode("legacy.dbo.Customers", Fixture.Bytes("sqlserver-key.json"), null);

        using var json = JsonDocument.Parse(ChangeEventJson.Format(change));
        Assert.Equal("tombstone", json.RootElement.GetProperty("op").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("after").ValueKind);
    }
}
