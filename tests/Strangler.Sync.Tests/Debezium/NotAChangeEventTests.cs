using System.Text;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

/// <summary>
/// Bug: any JSON object without <c>op</c> was read as a row flattened by ExtractNewRecordState, so
/// <c>{"hello":"world"}</c> produced to a CDC topic was projected as a row (found operating a worker). A value with no
/// op is now taken as a flattened row only when it holds its key's columns or carries the transform's metadata.
/// </summary>
public sealed class NotAChangeEventTests
{
    private const string Topic = "legacy.dbo.Customers";

    private static ChangeEvent Decode(string? key, string? value) =>
        DebeziumDecoder.Decode(Topic, key is null ? null : Encoding.UTF8.GetBytes(key), value is null ? null : Encoding.UTF8.GetBytes(value));

    [Theory]
    [InlineData("{\"Id\":3}", "{\"hello\":\"world\"}", "value $", "key column Id, which it lacks")]
    [InlineData("{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"Id\",\"type\":\"int32\"}]},\"payload\":{\"Id\":3}}", "{\"hello\":\"world\"}", "value $", "key column Id, which it lacks")]
    [InlineData("{\"Id\":3,\"Region\":\"eu\"}", "{\"Id\":3}", "value $", "key column Region, which it lacks")]
    [InlineData("{\"Id\":3}", "{\"schema\":null,\"payload\":{\"hello\":\"world\"}}", "value $.payload", "key column Id, which it lacks")]
    [InlineData("{\"Id\":3}", "{\"payload\":{\"hello\":\"world\"}}", "value $.payload", "key column Id, which it lacks")]
    [InlineData("{\"Id\":3}", "{\"before\":null,\"after\":{\"Id\":3},\"source\":{\"connector\":\"sqlserver\"}}", "value $.op", "has after as a change event does, but no op")]
    [InlineData("{\"Id\":3}", "{\"before\":{\"Id\":3},\"after\":{\"Id\":3}}", "value $.op", "has before and after as a change event does, but no op")]
    public void A_value_that_is_no_change_event_is_rejected_naming_what_it_lacks(string key, string value, string path, string problem)
    {
        var error = Assert.Throws<DebeziumFormatException>(() => Decode(key, value));

        Assert.Equal(path, error.Path);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flattened_row_without_metadata_that_holds_its_key_still_decodes()
    {
        // The form of Debezium's serde-unwrapped.json (Fixtures/Debezium/Captured/mysql), with the key it came with.
        var change = Decode("{\"id\":101}", "{\"id\":101,\"first_name\":\"Sally\",\"last_name\":\"Thomas\",\"email\":\"sally.thomas@acme.com\"}");

        Assert.Equal(ChangeOperation.Update, change.Op);
        Assert.Equal("Sally", change.After!["first_name"]);
    }

    [Fact]
    public void A_flattened_row_with_metadata_decodes_whatever_its_key()
    {
        var change = Decode("{\"Id\":3}", "{\"Name\":\"x\",\"__op\":\"c\",\"__table\":\"Customers\"}");

        Assert.Equal(ChangeOperation.Create, change.Op);
    }

    [Fact]
    public void A_tombstone_still_decodes()
    {
        Assert.Equal(ChangeOperation.Tombstone, Decode("{\"Id\":3}", null).Op);
    }

    [Fact]
    public void Without_its_key_a_value_is_only_checked_by_the_pipeline()
    {
        // What `strangler cdc decode --value` does with a value alone: it decodes, and says the key is needed.
        var change = DebeziumDecoder.Decode(Topic, null, Encoding.UTF8.GetBytes("{\"hello\":\"world\"}"), keyRequired: false);

        Assert.Equal("world", change.After!["hello"]);
    }
}
