using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

/// <summary>Each Debezium / Kafka Connect semantic type, decoded through a one-column schema.</summary>
public sealed class SemanticTypeTests
{
    private static object? DecodeColumn(string type, string? name, string json, string parameters = "")
    {
        var nameJson = name is null ? string.Empty : $"\"name\":\"{name}\",";
        var value = $$$"""
            {"schema":{"type":"struct","name":"x.Envelope","fields":[
              {"field":"after","type":"struct","optional":true,"fields":[{"field":"v","type":"{{{type}}}",{{{nameJson}}}"optional":true{{{parameters}}}}]},
              {"field":"source","type":"struct","fields":[{"field":"connector","type":"string"},{"field":"lsn","type":"int64"}]},
              {"field":"op","type":"string"}]},
             "payload":{"after":{"v":{{{json}}}},"source":{"connector":"postgresql","lsn":1},"op":"c"}}
            """;
        return DebeziumDecoder.Decode("p.s.t", """{"id":1}"""u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(value)).After!["v"];
    }

    public static TheoryData<string, string?, string, string, object?> Cases => new()
    {
        { "int32", "io.debezium.time.Date", "20417", "", new DateOnly(2025, 11, 25) },
        { "int32", "org.apache.kafka.connect.data.Date", "-1", "", new DateOnly(1969, 12, 31) },
        { "int32", "io.debezium.time.Time", "45296789", "", new TimeOnly(12, 34, 56, 789) },
        { "int64", "io.debezium.time.MicroTime", "45296789012", "", new TimeOnly(12, 34, 56).Add(TimeSpan.FromTicks(7890120)) },
        { "int64", "io.debezium.time.NanoTime", "45296789012300", "", new TimeOnly(12, 34, 56).Add(TimeSpan.FromTicks(7890123)) },
        { "int64", "io.debezium.time.Timestamp", "1764072000123", "", new DateTime(2025, 11, 25, 12, 0, 0, 123, DateTimeKind.Utc) },
        { "int64", "io.debezium.time.MicroTimestamp", "1764072000123456", "", new DateTime(2025, 11, 25, 12, 0, 0, DateTimeKind.Utc).AddTicks(1234560) },
        { "int64", "io.debezium.time.NanoTimestamp", "1764072000123456700", "", new DateTime(2025, 11, 25, 12, 0, 0, DateTimeKind.Utc).AddTicks(1234567) },
        { "string", "io.debezium.time.ZonedTimestamp", "\"2025-11-25T12:00:00Z\"", "", new DateTimeOffset(2025, 11, 25, 12, 0, 0, TimeSpan.Zero) },
        { "bytes", "org.apache.kafka.connect.data.Decimal", "\"AeI6\"", ",\"parameters\":{\"scale\":\"2\"}", 1234.50m },
        { "bytes", "org.apache.kafka.connect.data.Decimal", "\"+w==\"", ",\"parameters\":{\"scale\":\"3\"}", -0.005m },
        { "struct", "io.debezium.data.VariableScaleDecimal", "{\"scale\":1,\"value\":\"AeI6\"}", "", 12345.0m },
        { "float64", null, "19.99", "", 19.99 },
        { "string", null, "\"19.99\"", "", "19.99" },
        { "boolean", null, "true", "", true },
        { "int16", null, "-7", "", -7L },
        { "string", null, "null", "", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Semantic_type_is_decoded_to_its_clr_value(string type, string? name, string json, string parameters, object? expected)
    {
        Assert.Equal(expected, DecodeColumn(type, name, json, parameters));
    }

    // Debezium's PostgreSQL connector sends infinity and -infinity as the largest and smallest int64 (its docs), which
    // multiplied into ticks used to wrap round to a date in 1969.
    [Theory]
    [InlineData("int64", "io.debezium.time.MicroTimestamp", "9223372036854775807", "is infinity")]
    [InlineData("int64", "io.debezium.time.MicroTimestamp", "-9223372036854775808", "is -infinity")]
    [InlineData("int64", "io.debezium.time.Timestamp", "9223372036854775807", "is infinity")]
    [InlineData("int64", "io.debezium.time.NanoTimestamp", "-9223372036854775808", "is -infinity")]
    [InlineData("string", "io.debezium.time.ZonedTimestamp", "\"infinity\"", "is infinity")]
    [InlineData("string", "io.debezium.time.ZonedTimestamp", "\"-infinity\"", "is -infinity")]
    public void Infinity_is_refused_naming_it(string type, string name, string json, string expected)
    {
        var error = Assert.Throws<DebeziumFormatException>(() => DecodeColumn(type, name, json));

        Assert.Equal("value $.payload.after.v", error.Path);
        Assert.StartsWith(expected + " (PostgreSQL's special " + name + " value)", error.Problem);
    }

    // Any other count too large for a date is refused, never wrapped round into one.
    [Theory]
    [InlineData("io.debezium.time.MicroTimestamp", "9223372036854775000")]
    [InlineData("io.debezium.time.Timestamp", "-922337203685477580")]
    [InlineData("io.debezium.time.MicroTime", "9223372036854775000")]
    public void A_count_past_the_range_of_a_date_is_refused(string name, string json)
    {
        var error = Assert.Throws<DebeziumFormatException>(() => DecodeColumn("int64", name, json));

        Assert.Equal($"a number is not a valid {name}", error.Problem);
    }

    [Fact]
    public void Bytes_are_decoded_from_base64()
    {
        Assert.Equal(new byte[] { 1, 2, 3 }, DecodeColumn("bytes", null, "\"AQID\""));
    }
}
