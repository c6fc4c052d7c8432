using System.Text;
using Strangler.Sync.Capture;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

/// <summary>
/// The SQLite capture marks Strangler's own writes in the source block (<c>strangler_origin</c>); Debezium's messages
/// never carry it, and decode as before.
/// </summary>
public sealed class OriginTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static byte[] Delete(string? origin) => DebeziumMessageWriter.Value(
        "legacy", "legacy", "dbo", "Orders", ChangeOperation.Delete, new Dictionary<string, object?> { ["Id"] = 6L, ["Total"] = 10.5 }, null,
        42, At, At, origin);

    [Fact]
    public void A_delete_the_capture_marked_as_the_backfills_decodes_with_its_origin_and_prints_it()
    {
        var change = DebeziumDecoder.Decode("legacy.dbo.Orders", Encoding.UTF8.GetBytes("{\"Id\":6}"), Delete("backfill"));

        Assert.Equal("backfill", change.Origin);
        Assert.Equal(ChangeOperation.Delete, change.Op);
        Assert.Contains("\"origin\": \"backfill\"", ChangeEventJson.Format(change), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unmarked_change_and_a_real_Debezium_message_have_no_origin_and_print_as_before()
    {
        var unmarked = DebeziumDecoder.Decode("legacy.dbo.Orders", Encoding.UTF8.GetBytes("{\"Id\":6}"), Delete(null));
        var debezium = DebeziumDecoder.Decode("legacy.dbo.Customers", Fixture.Bytes("sqlserver-key.json"), Fixture.Bytes("sqlserver-create.json"));

        Assert.Null(unmarked.Origin);
        Assert.Null(debezium.Origin);
        Assert.DoesNotContain("origin", ChangeEventJson.Format(unmarked), StringComparison.Ordinal);
        Assert.DoesNotContain("strangler_origin", Encoding.UTF8.GetString(Delete(null)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_origin_that_is_not_text_is_rejected_naming_its_path()
    {
        var value = Encoding.UTF8.GetString(Delete("backfill")).Replace("\"strangler_origin\":\"backfill\"", "\"strangler_origin\":7", StringComparison.Ordinal);

        var error = Assert.Throws<DebeziumFormatException>(() =>
            DebeziumDecoder.Decode("legacy.dbo.Orders", Encoding.UTF8.GetBytes("{\"Id\":6}"), Encoding.UTF8.GetBytes(value)));

        Assert.Contains("source.strangler_origin", error.Message, StringComparison.Ordinal);
    }
}
