using System.Text;
using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Projection;

namespace Strangler.Sync.Tests.Debezium;

/// <summary>MySQL binlog coordinates (file, pos, row) order changes the way the binlog does, down to the store's guard.</summary>
public sealed class MySqlPositionTests
{
    private static SourcePosition Decode(string file, long pos, long row) =>
        DebeziumDecoder.Decode("m.inventory.customers", "{\"id\":1}"u8.ToArray(), Encoding.UTF8.GetBytes(
            $$$"""{"op":"u","after":{"id":1},"source":{"connector":"mysql","db":"inventory","table":"customers","server_id":223344,"gtid":null,"file":"{{{file}}}","pos":{{{pos}}},"row":{{{row}}},"thread":7}}""")).Position;

    [Fact]
    public void Binlog_file_then_pos_then_row_order_changes()
    {
        var ordered = new[]
        {
            Decode("", 0, 0), // Flink CDC / SeaTunnel snapshot rows
            Decode("mysql-bin.000003", 154, 0),
            Decode("mysql-bin.000003", 1442, 0),
            Decode("mysql-bin.000003", 1442, 1),
            Decode("mysql-bin.000003", 1831, 0),
            Decode("mysql-bin.000010", 4, 0), // 000010 after 000003 by number, and 4 < 1831 does not matter
            Decode("mysql-bin.999999", 4, 0),
            Decode("mysql-bin.1000000", 4, 0), // past six digits the name grows; ordinal text order would put it first
        };

        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i].IsAfter(ordered[i - 1]), $"{ordered[i]} should be after {ordered[i - 1]}");
        }
    }

    [Fact]
    public void The_database_names_the_table_as_the_topic_does()
    {
        var change = DebeziumDecoder.Decode("m.inventory.customers", "{\"id\":1}"u8.ToArray(),
            "{\"op\":\"c\",\"after\":{\"id\":1},\"source\":{\"connector\":\"mysql\",\"db\":\"inventory\",\"table\":\"customers\",\"file\":\"mysql-bin.000003\",\"pos\":392,\"row\":0}}"u8.ToArray());

        Assert.Equal("inventory.customers", change.Table);
        Assert.Equal(SourcePosition.MySql(3, 392, 0), change.Position);
    }

    [Theory]
    [InlineData("\"file\":\"binlog\",\"pos\":1", "value $.source.file")]
    [InlineData("\"file\":\"mysql-bin.00000x\",\"pos\":1", "value $.source.file")]
    [InlineData("\"file\":\"mysql-bin.000003\"", "value $.source.pos")]
    [InlineData("\"file\":\"mysql-bin.000003\",\"pos\":\"first\"", "value $.source.pos")]
    [InlineData("\"pos\":1", "value $.source.file")]
    public void A_binlog_position_that_cannot_be_ordered_is_rejected_naming_the_field(string fields, string path)
    {
        var error = Assert.Throws<DebeziumFormatException>(() => DebeziumDecoder.Decode("m.inventory.customers", "{\"id\":1}"u8.ToArray(),
            Encoding.UTF8.GetBytes($"{{\"op\":\"c\",\"after\":{{\"id\":1}},\"source\":{{\"connector\":\"mysql\",\"db\":\"inventory\",\"table\":\"customers\",{fields}}}}}")));

        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Captured_binlog_changes_come_out_in_log_order()
    {
        // RisingWave's capture of the Debezium tutorial: snapshot at pos 157, then c, u, c, u (rows 0 and 1 of one event), d.
        var positions = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Debezium", "Captured", "mysql", "risingwave-debezium_log.ndjson"))
            .Select(line => DebeziumDecoder.Decode("dbserver1.inventory.customers", null, Encoding.UTF8.GetBytes(line), keyRequired: false).Position)
            .ToList();

        Assert.All(positions.Skip(4).Zip(positions.Skip(3)), pair => Assert.True(pair.First.IsAfter(pair.Second), $"{pair.First} after {pair.Second}"));
        Assert.Equal(SourcePosition.MySql(3, 1442, 1), positions[8]);
    }

    [Fact]
    public async Task A_late_change_from_an_earlier_binlog_position_does_not_overwrite_a_later_one()
    {
        var path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
        try
        {
            using var store = new LiteDbDocumentStore(path);
            var projector = new ChangeProjector(new CustomersProjection().Define());
            ChangeEvent Update(string name, SourcePosition position) => Changes.Customer(ChangeOperation.Update, 7, name, 0) with { Position = position };
            var ct = TestContext.Current.CancellationToken;

            await store.ApplyAsync("customers", projector.Project(Update("in mysql-bin.000010", SourcePosition.MySql(10, 4, 0))).ToList(), ct);
            var counts = await store.ApplyAsync("customers", projector.Project(Update("in mysql-bin.000009", SourcePosition.MySql(9, 90000, 3))).ToList(), ct);

            Assert.Equal(new WriteCounts(0, 1), counts);
            Assert.Equal("in mysql-bin.000010", (await store.FindAsync("customers", 7L, ct))!["name"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
