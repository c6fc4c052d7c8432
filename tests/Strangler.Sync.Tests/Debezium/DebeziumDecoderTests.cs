using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

public sealed class DebeziumDecoderTests
{
    private const string Topic = "legacy.dbo.Customers";

    [Fact]
    public void Sql_server_create_with_schema_decodes_every_column_type()
    {
        var change = DebeziumDecoder.Decode(Topic, Fixture.Bytes("sqlserver-key.json"), Fixture.Bytes("sqlserver-create.json"));

        Assert.Equal("dbo.Customers", change.Table);
        Assert.Equal(ChangeOperation.Create, change.Op);
        Assert.Equal(1001L, change.Key["Id"]);
        Assert.Null(change.Before);
        var after = change.After!;
        Assert.Equal("Ada Lovelace", after["Name"]);
        Assert.Equal(1234.50m, after["CreditLimit"]);
        Assert.Equal(new DateTime(2025, 11, 25, 11, 0, 0, 123, DateTimeKind.Utc), after["CreatedAt"]);
        Assert.Equal(new DateOnly(1815, 12, 10), after["BirthDate"]);
        Assert.Equal(true, after["IsActive"]);
        Assert.Equal(new DateTimeOffset(2025, 11, 25, 12, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567), after["UpdatedAt"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764072000000), change.Timestamp);
        Assert.False(change.Snapshot);
        Assert.Equal(SourcePosition.SqlServer("00000027:00000758:0005", "00000027:00000758:0003", 1), change.Position);
    }

    [Fact]
    public void Sql_server_update_without_schema_is_decoded_best_effort()
    {
        var change = DebeziumDecoder.Decode(Topic, Fixture.Bytes("sqlserver-key-noschema.json"), Fixture.Bytes("sqlserver-update-noschema.json"));

        Assert.Equal(ChangeOperation.Update, change.Op);
        Assert.Equal(1001L, change.Key["Id"]);
        Assert.Equal("ada@example.com", change.Before!["Email"]);
        Assert.Equal("ada@analytical.engine", change.After!["Email"]);
        Assert.Equal(1764068400123L, change.After["CreatedAt"]); // no schema: the raw millis stay a number
        Assert.Equal("A9CQ", change.After["CreditLimit"]); // and decimals the base64 text
    }

    [Fact]
    public void Snapshot_read_orders_before_the_streamed_changes_that_follow_it()
    {
        var snapshot = DebeziumDecoder.Decode(Topic, Fixture.Bytes("sqlserver-key.json"), Fixture.Bytes("sqlserver-snapshot-read.json"));
        var create = DebeziumDecoder.Decode(Topic, Fixture.Bytes("sqlserver-key.json"), Fixture.Bytes("sqlserver-create.json"));
        var update = DebeziumDecoder.Decode(Topic, Fixture.Bytes("sqlserver-key-noschema.json"), Fixture.Bytes("sqlserver-update-noschema.json"));
        var delete = DebeziumDecoder.Decode(Topic, Fixture.Bytes("sqlserver-key.json"), Fixture.Bytes("sqlserver-delete.json"));

        Assert.Equal(ChangeOperation.Read, snapshot.Op);
        Assert.True(snapshot.Snapshot);
        Assert.True(create.Position.IsAfter(snapshot.Position));
        Assert.True(update.Position.IsAfter(create.Position));
        Assert.True(delete.Position.IsAfter(update.Position));
        Assert.Equal(ChangeOperation.Delete, delete.Op);
        Assert.Null(delete.After);
        Assert.Equal("ada@analytical.engine", delete.Before!["Email"]);
    }

    [Fact]
    public void Postgres_update_decodes_micro_precision_types_decimals_and_bytes()
    {
        var change = DebeziumDecoder.Decode("legacy.public.orders", Fixture.Bytes("postgres-key.json"), Fixture.Bytes("postgres-update.json"));

        Assert.Equal("public.orders", change.Table);
        Assert.Equal(42L, change.Key["id"]);
        Assert.Equal(-0.05m, change.Before!["total"]);
        Assert.Equal(1234.50m, change.After!["total"]);
        Assert.Equal(1.25, change.After["weight"]);
        Assert.Equal(new DateTime(2025, 11, 25, 12, 5, 0, DateTimeKind.Utc).AddTicks(1234560), change.After["placed_at"]);
        Assert.Equal(new TimeOnly(12, 34, 56).Add(TimeSpan.FromTicks(7890120)), change.After["pickup_time"]);
        Assert.Equal(new DateOnly(2025, 11, 25), change.After["ship_date"]);
        Assert.Equal(new byte[] { 0, 1, 0xfe, 0xff }, change.After["signature"]);
        Assert.Null(change.After["priority"]);
        Assert.Equal(3L, change.Before["priority"]);
        Assert.Equal(SourcePosition.Postgres(24023128, 24023128), change.Position);
    }

    [Fact]
    public void Postgres_truncate_has_no_key_and_no_rows()
    {
        var change = DebeziumDecoder.Decode("legacy.public.orders", null, Fixture.Bytes("postgres-truncate.json"));

        Assert.Equal(ChangeOperation.Truncate, change.Op);
        Assert.Empty(change.Key);
        Assert.Null(change.Before);
        Assert.Null(change.After);
        Assert.True(change.Position.IsAfter(SourcePosition.Postgres(24023128, 24023128)));
    }

    [Fact]
    public void A_null_value_is_a_tombstone_for_its_key()
    {
        var change = DebeziumDecoder.Decode(Topic, Fixture.Bytes("sqlserver-key.json"), null, partition: 2, offset: 9);

        Assert.Equal(ChangeOperation.Tombstone, change.Op);
        Assert.Equal("dbo.Customers", change.Table);
        Assert.Equal(1001L, change.Key["Id"]);
    }

    [Fact]
    public void Flattened_delete_rewrite_becomes_a_delete_with_the_row_as_before()
    {
        var change = DebeziumDecoder.Decode("legacy.public.orders", Fixture.Bytes("postgres-key.json"), Fixture.Bytes("postgres-flattened-delete.json"));

        Assert.Equal(ChangeOperation.Delete, change.Op);
        Assert.Equal("orders", change.Table);
        Assert.Equal(42L, change.Before!["id"]);
        Assert.DoesNotContain(change.Before.Keys, k => k.StartsWith("__", StringComparison.Ordinal));
        Assert.Equal(SourcePosition.Postgres(24040000, 0), change.Position);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764072500000), change.Timestamp);
    }

    [Fact]
    public void Flattened_create_keeps_string_decimals_as_text()
    {
        var change = DebeziumDecoder.Decode("legacy.public.orders", """{"id":43}"""u8.ToArray(), Fixture.Bytes("postgres-flattened-create.json"));

        Assert.Equal(ChangeOperation.Create, change.Op);
        Assert.Equal("12.50", change.After!["total"]);
        Assert.Equal(2.0, change.After["weight"]);
        Assert.Null(change.Before);
    }
}
