using System.Text;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

public sealed class MalformedMessageTests
{
    private static DebeziumFormatException Reject(string? key, string value) =>
        Assert.Throws<DebeziumFormatException>(() => DebeziumDecoder.Decode(
            "legacy.dbo.Customers", key is null ? null : Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value)));

    private const string Source = "\"source\":{\"connector\":\"sqlserver\",\"schema\":\"dbo\",\"table\":\"Customers\",\"commit_lsn\":\"00000001:00000001:0001\"}";

    [Theory]
    [InlineData("{\"Id\":1}", "not json", "value $")]
    [InlineData("{not json", "{\"op\":\"c\"}", "key $")]
    [InlineData("{\"Id\":1}", "{\"op\":\"x\",\"after\":{}," + Source + "}", "value $.op")]
    [InlineData("{\"Id\":1}", "{\"op\":\"c\",\"after\":{\"Id\":1}}", "value $.source")]
    [InlineData("{\"Id\":1}", "{\"op\":\"c\",\"after\":null," + Source + "}", "value $.after")]
    [InlineData("{\"Id\":1}", "{\"op\":\"d\",\"before\":null," + Source + "}", "value $.before")]
    [InlineData("{\"Id\":1}", "{\"op\":\"c\",\"after\":[1]," + Source + "}", "value $.after")]
    [InlineData(null, "{\"op\":\"c\",\"after\":{\"Id\":1}," + Source + "}", "key $")]
    [InlineData("{\"Id\":1}", "{\"op\":\"c\",\"after\":{\"Id\":1},\"source\":{\"connector\":\"sqlserver\",\"change_lsn\":\"zz\"}}", "value $.source.change_lsn")]
    [InlineData("{\"Id\":1}", "{\"op\":\"c\",\"after\":{\"Id\":1},\"source\":{\"connector\":\"postgresql\",\"lsn\":\"0/16B3748\"}}", "value $.source.lsn")]
    [InlineData("{\"Id\":1}", "{\"Id\":1,\"__deleted\":\"maybe\"}", "value $.__deleted")]
    [InlineData("{\"Id\":1}", "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"Id\",\"type\":\"int32\"}]},\"payload\":{\"Id\":\"one\"}}", "value $.payload.Id")]
    [InlineData("{\"Id\":1}", "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"Id\",\"type\":\"int32\"}]},\"payload\":{\"Name\":\"x\"}}", "value $.payload.Name")]
    [InlineData("{\"Id\":1}", "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"Id\",\"type\":\"int32\"}]},\"payload\":{}}", "value $.payload.Id")]
    [InlineData("{\"Id\":1}", "{\"schema\":{\"type\":\"decimal\"},\"payload\":{}}", "value $.schema.type")]
    [InlineData("{\"Id\":1}", "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"v\",\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\"}]},\"payload\":{\"v\":\"AQ==\"}}", "value $.payload.v")]
    [InlineData("{\"Id\":1}", "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"v\",\"type\":\"bytes\"}]},\"payload\":{\"v\":\"***\"}}", "value $.payload.v")]
    [InlineData("{\"Id\":1}", "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"v\",\"type\":\"string\",\"name\":\"io.debezium.time.ZonedTimestamp\"}]},\"payload\":{\"v\":\"yesterday\"}}", "value $.payload.v")]
    [InlineData("{\"Id\":1}", "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"v\",\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"parameters\":{\"scale\":\"2000000000\"}}]},\"payload\":{\"v\":\"AQ==\"}}", "value $.payload.v")]
    [InlineData("{\"Id\":1}", "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"v\",\"type\":\"struct\",\"name\":\"io.debezium.data.VariableScaleDecimal\",\"fields\":[{\"field\":\"scale\",\"type\":\"int32\"},{\"field\":\"value\",\"type\":\"bytes\"}]}]},\"payload\":{\"v\":{\"scale\":-2000000000,\"value\":\"AQ==\"}}}", "value $.payload.v.scale")]
    public void Malformed_message_is_rejected_naming_where(string? key, string value, string path)
    {
        var error = Reject(key, value);

        Assert.Equal(path, error.Path);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    // Bug: a column value that did not fit its schema was quoted in the error (up to 40 characters, and a date
    // parser's own message quoted all of it); the error is the dead letter's reason and a log line, and the column
    // may hold a secret. The message itself stays in the dead letter, where the value can be read if need be.
    [Theory]
    [InlineData("int32", null, "\"s3cret-Value\"", "expected an integer but found a string of 12 characters")]
    [InlineData("boolean", null, "\"s3cret-Value\"", "expected a boolean but found a string of 12 characters")]
    [InlineData("string", null, "731", "expected a string but found a number")]
    [InlineData("string", "io.debezium.time.ZonedTimestamp", "\"s3cret-Value\"", "a string of 12 characters is not a valid io.debezium.time.ZonedTimestamp")]
    [InlineData("bytes", null, "\"s3cret-Value\"", "a string of 12 characters is not a valid bytes")]
    public void A_column_value_that_does_not_fit_its_schema_is_described_not_quoted(string type, string? name, string json, string problem)
    {
        var field = name is null ? $"{{\"field\":\"password\",\"type\":\"{type}\"}}" : $"{{\"field\":\"password\",\"type\":\"{type}\",\"name\":\"{name}\"}}";
        var error = Reject("{\"Id\":1}", $"{{\"schema\":{{\"type\":\"struct\",\"fields\":[{field}]}},\"payload\":{{\"password\":{json}}}}}");

        Assert.Equal("value $.payload.password: " + problem, error.Message);
    }

    // Bug: the reason carried System.Text.Json's own position ("LineNumber: 1 | BytePositionInLine: 12.", from 0 and
    // in bytes) where route files say "line 2, column 12" (from 1, in characters).
    [Fact]
    public void A_value_that_is_not_JSON_is_placed_from_1_like_a_route_file()
    {
        var error = Reject("{\"Id\":1}", "{\"op\":\"c\",\n \"after\": {,");

        Assert.Equal("value $: is not valid JSON at line 2, column 12: ',' is an invalid start of a property name. Expected a '\"'.", error.Message);
    }

    // Bug: for a bare word where a value belongs, System.Text.Json quotes everything from it to the end of the message
    // ("'nhunter2, \"name\":\"Ada\"}}' is an invalid JSON literal"), and that was the dead letter's reason and a log
    // line: row values, a secret among them. The reason now says what is there, not what it says; a single character
    // (most syntax errors) is still quoted.
    [Theory]
    [InlineData("{\"op\":\"c\",\"after\":{\"Id\":1,\"pin\":nS3cret-Value, \"name\":\"Ada\"}}", "value $: is not valid JSON at line 1, column 34: a bare word is an invalid JSON literal. Expected the literal 'null'.")]
    [InlineData("{\"op\":\"c\",\"after\":{\"Id\":1,\"pin\":fS3cret-Value}}", "value $: is not valid JSON at line 1, column 34: a bare word is an invalid JSON literal. Expected the literal 'false'.")]
    [InlineData("{\"op\":\"c\",\"after\":{\"Id\":1,\"pin\":S3cret-Value}}", "value $: is not valid JSON at line 1, column 33: 'S' is an invalid start of a value.")]
    public void A_value_that_is_not_JSON_is_described_without_quoting_the_values_it_holds(string value, string expected)
    {
        var error = Reject("{\"Id\":1}", value);

        Assert.Equal(expected, error.Message);
        Assert.DoesNotContain("3cret-Value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tombstone_without_key_is_rejected()
    {
        var error = Assert.Throws<DebeziumFormatException>(() => DebeziumDecoder.Decode("legacy.dbo.Customers", null, null));
        Assert.Equal("key $", error.Path);
    }

    [Fact]
    public void An_unscaled_value_with_an_impossible_scale_stays_an_object_without_a_schema()
    {
        // {"scale", "value"} reads as a VariableScaleDecimal only with a scale a database can give (PostgreSQL: ±1000);
        // one past that would make the decoder build a number of two billion digits.
        var change = DebeziumDecoder.Decode("legacy.dbo.Customers", "{\"Id\":1}"u8.ToArray(),
            Encoding.UTF8.GetBytes("{\"Id\":1,\"v\":{\"scale\":-2147483648,\"value\":\"AQ==\"},\"w\":{\"scale\":1000,\"value\":\"AQ==\"}}"));

        Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(change.After!["v"]);
        Assert.Equal("0." + new string('0', 999) + "1", change.After!["w"]);
    }
}
