using System.Text;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

/// <summary>
/// NOT CAPTURED: forms for which no real captured message was found (see Fixtures/Debezium/Captured/README.md), written
/// here from Debezium's and Kafka Connect's documented encodings so that the decoder still answers for them.
/// </summary>
public sealed class NotCapturedFormTests
{
    private static ChangeEvent Decode(string value, string key = "{\"id\":1}") =>
        DebeziumDecoder.Decode("pg.public.t", Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));

    private static object? Column(string field, string json)
    {
        var value = $$$"""
            {"schema":{"type":"struct","fields":[
              {"field":"after","type":"struct","optional":true,"fields":[{{{{field}}}}]},
              {"field":"source","type":"struct","fields":[]},
              {"field":"op","type":"string"}]},
             "payload":{"after":{"v":{{{json}}}},"source":{"connector":"postgresql","lsn":24023128},"op":"c"}}
            """;
        return Decode(value).After!["v"];
    }

    [Fact]
    public void Uuid_and_Json_columns_keep_their_text()
    {
        Assert.Equal("ef9b5beb-9c21-4d66-a769-47207c205bbe",
            Column("\"field\":\"v\",\"type\":\"string\",\"name\":\"io.debezium.data.Uuid\",\"version\":1", "\"ef9b5beb-9c21-4d66-a769-47207c205bbe\""));
        Assert.Equal("{\"a\": [1, 2]}", Column("\"field\":\"v\",\"type\":\"string\",\"name\":\"io.debezium.data.Json\",\"version\":1", "\"{\\\"a\\\": [1, 2]}\""));
    }

    [Fact]
    public void A_PostgreSQL_array_decodes_each_item_by_the_items_schema()
    {
        var items = Column(
            "\"field\":\"v\",\"type\":\"array\",\"optional\":true,\"items\":{\"type\":\"int32\",\"optional\":true,\"name\":\"io.debezium.time.Date\"}",
            "[20417,null,-1]");

        Assert.Equal(new object?[] { new DateOnly(2025, 11, 25), null, new DateOnly(1969, 12, 31) }, (List<object?>)items!);
    }

    [Theory]
    [InlineData("{\"scale\":2,\"value\":\"AeI6\"}", "1234.50")] // 0x01E23A = 123450, scale 2
    [InlineData("{\"scale\":0,\"value\":\"/w==\"}", "-1")] // 0xFF = -1 in two's complement
    [InlineData("{\"scale\":-2,\"value\":\"DA==\"}", "1200")] // 12 x 10^2: an Oracle NUMBER(p,-2) in the same encoding
    public void VariableScaleDecimal_is_unscaled_bytes_with_their_own_scale(string json, string expected)
    {
        var value = Column("\"field\":\"v\",\"type\":\"struct\",\"optional\":true,\"name\":\"io.debezium.data.VariableScaleDecimal\",\"fields\":[{\"field\":\"scale\",\"type\":\"int32\"},{\"field\":\"value\",\"type\":\"bytes\"}]", json);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void A_decimal_wider_than_System_Decimal_is_kept_as_its_exact_text()
    {
        // DECIMAL(65,30) 1.000000000000000000000000000001: 31 significant digits, more than System.Decimal holds.
        // Unscaled 10^30 + 1 = 0x0C9F2C9CD04674EDEA40000001, scale 30.
        var value = Column("\"field\":\"v\",\"type\":\"bytes\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"parameters\":{\"scale\":\"30\"}",
            "\"DJ8snNBGdO3qQAAAAQ==\"");

        Assert.Equal("1.000000000000000000000000000001", value);
    }

    [Theory]
    [InlineData("float", "1.5", 1.5)]
    [InlineData("double", "-2.25E-3", -0.00225)]
    public void JsonConverter_float_and_double_type_names_decode_as_numbers(string type, string json, double expected)
    {
        Assert.Equal(expected, Column($"\"field\":\"v\",\"type\":\"{type}\",\"optional\":true", json));
    }

    [Fact]
    public void Rewrite_delete_from_a_MySQL_table_with_added_fields_is_a_delete_at_its_binlog_position()
    {
        // ExtractNewRecordState with delete.handling.mode=rewrite and add.fields=op,db,table,file,pos,row,source.ts_ms.
        var change = Decode(
            "{\"id\":1004,\"email\":\"annek@noanswer.org\",\"__op\":\"d\",\"__db\":\"inventory\",\"__table\":\"customers\",\"__file\":\"mysql-bin.000003\",\"__pos\":1831,\"__row\":0,\"__source_ts_ms\":1465581029100,\"__deleted\":\"true\"}",
            "{\"id\":1004}");

        Assert.Equal(ChangeOperation.Delete, change.Op);
        Assert.Equal("inventory.customers", change.Table);
        Assert.Equal(SourcePosition.MySql(3, 1831, 0), change.Position);
        Assert.Equal(new Dictionary<string, object?> { ["id"] = 1004L, ["email"] = "annek@noanswer.org" }, change.Before);
    }

    [Fact]
    public void Rewrite_delete_with_schema_declares_deleted_as_a_string_field()
    {
        var change = Decode("""
            {"schema":{"type":"struct","fields":[{"field":"id","type":"int32"},{"field":"__deleted","type":"string","optional":true},{"field":"__lsn","type":"int64","optional":true}]},
             "payload":{"id":1,"__deleted":"true","__lsn":46523128}}
            """);

        Assert.Equal(ChangeOperation.Delete, change.Op);
        Assert.Equal(SourcePosition.Postgres(46523128, 0), change.Position);
    }

    [Fact]
    public void A_MySQL_truncate_clears_at_its_binlog_position_without_a_key()
    {
        var change = DebeziumDecoder.Decode("m.inventory.customers", null,
            "{\"op\":\"t\",\"source\":{\"connector\":\"mysql\",\"db\":\"inventory\",\"table\":\"customers\",\"server_id\":223344,\"file\":\"mysql-bin.000003\",\"pos\":484,\"row\":0,\"thread\":7},\"ts_ms\":1465581029523}"u8.ToArray());

        Assert.Equal(ChangeOperation.Truncate, change.Op);
        Assert.Equal("inventory.customers", change.Table);
        Assert.Empty(change.Key);
        Assert.Equal(SourcePosition.MySql(3, 484, 0), change.Position);
    }

    [Fact]
    public void A_SQL_Server_event_serial_number_written_as_text_orders_like_the_number()
    {
        static SourcePosition At(string serial) => Decode(
            $"{{\"op\":\"u\",\"after\":{{\"id\":1}},\"source\":{{\"connector\":\"sqlserver\",\"schema\":\"dbo\",\"table\":\"customers\",\"change_lsn\":\"00000027:00000ac0:0002\",\"commit_lsn\":\"00000027:00000ac0:0007\",\"event_serial_no\":{serial}}}}}").Position;

        Assert.Equal(At("2"), At("\"2\""));
        Assert.True(At("\"2\"").IsAfter(At("\"1\"")));
        Assert.True(At("\"10\"").IsAfter(At("\"9\"")));
    }
}
