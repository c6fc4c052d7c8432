using System.Text;
using System.Text.Json;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

/// <summary>The source transaction of a change, which the echo filter matches against the backfill's transactions.</summary>
public sealed class TransactionIdTests
{
    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Postgres_envelope_carries_source_txId_as_decimal_text()
    {
        var change = DebeziumDecoder.Decode("legacy.public.orders", Fixture.Bytes("postgres-key.json"), Fixture.Bytes("postgres-update.json"));

        Assert.Equal("771", change.TransactionId);
    }

    [Fact]
    public void Sql_server_envelope_carries_source_commit_lsn()
    {
        var change = DebeziumDecoder.Decode("legacy.dbo.Customers", Fixture.Bytes("sqlserver-key.json"), Fixture.Bytes("sqlserver-create.json"));

        Assert.Equal("00000027:00000758:0005", change.TransactionId);
    }

    [Fact]
    public void Postgres_flattened_carries_the_added_txId_field()
    {
        var change = DebeziumDecoder.Decode("legacy.public.orders", Json("{\"id\":43}"), Fixture.Bytes("postgres-flattened-create.json"));

        Assert.Equal("772", change.TransactionId);
        Assert.False(change.After!.ContainsKey("__txId"));
    }

    [Fact]
    public void Sql_server_flattened_carries_the_added_commit_lsn_field()
    {
        var change = DebeziumDecoder.Decode("legacy.dbo.Customers", Json("{\"Id\":1001}"), Fixture.Bytes("sqlserver-flattened-update.json"));

        Assert.Equal("00000027:00000760:0004", change.TransactionId);
        Assert.Equal(SourcePosition.SqlServer("00000027:00000760:0004", "00000027:00000760:0002", 2), change.Position);
    }

    [Fact]
    public void Flattened_fields_added_with_the_source_qualifier_are_read_too()
    {
        var change = DebeziumDecoder.Decode("legacy.public.orders", Json("{\"id\":44}"), Json("{\"id\":44,\"__op\":\"c\",\"__source_txId\":901,\"__lsn\":1}"));

        Assert.Equal("901", change.TransactionId);
    }

    [Fact]
    public void A_txId_rendered_as_text_is_read_as_its_number()
    {
        var change = DebeziumDecoder.Decode("legacy.public.orders", Json("{\"id\":44}"), Json("{\"id\":44,\"__op\":\"c\",\"__txId\":\"00902\",\"__lsn\":1}"));

        Assert.Equal("902", change.TransactionId);
    }

    [Fact]
    public void A_change_without_transaction_fields_has_none()
    {
        var change = DebeziumDecoder.Decode("legacy.public.orders", Json("{\"id\":45}"), Json("{\"id\":45,\"__op\":\"c\"}"));

        Assert.Null(change.TransactionId);
    }

    [Fact]
    public void A_txId_that_is_not_an_integer_names_the_field()
    {
        var ex = Assert.Throws<DebeziumFormatException>(() =>
            DebeziumDecoder.Decode("legacy.public.orders", Json("{\"id\":46}"), Json("{\"id\":46,\"__op\":\"c\",\"__txId\":\"abc\"}")));

        Assert.Contains("__txId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_output_shows_the_transaction_id()
    {
        var change = DebeziumDecoder.Decode("legacy.public.orders", Fixture.Bytes("postgres-key.json"), Fixture.Bytes("postgres-update.json"));

        using var json = JsonDocument.Parse(ChangeEventJson.Format(change));
        Assert.Equal("771", json.RootElement.GetProperty("transactionId").GetString());
    }
}
