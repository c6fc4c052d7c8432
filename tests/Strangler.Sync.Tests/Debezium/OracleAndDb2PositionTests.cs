using System.Text;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

/// <summary>
/// Oracle (commit SCN, SCN, redo record, statement) and Db2 (commit LSN, change LSN) positions order changes as their
/// logs do. The source blocks follow the captured ones (oracle/, db2/ under Fixtures/Debezium/Captured); the orderings
/// across several changes are written here, since no captured stream of several Oracle or Db2 changes was found.
/// </summary>
public sealed class OracleAndDb2PositionTests
{
    private static ChangeEvent Oracle(string sourceFields) => DebeziumDecoder.Decode("server1.DEBEZIUM.CUSTOMERS", "{\"ID\":1004}"u8.ToArray(), Encoding.UTF8.GetBytes(
        $$"""{"before":null,"after":{"ID":1004},"source":{"version":"3.0.6.Final","connector":"oracle","name":"server1","ts_ms":1741182499000,"snapshot":"false","db":"ORCLPDB1","schema":"DEBEZIUM","table":"CUSTOMERS",{{sourceFields}}},"op":"u"}"""));

    private static SourcePosition Db2(string commitLsn, string changeLsn) => DebeziumDecoder.Decode("db2server.DB2INST1.CUSTOMERS", "{\"ID\":1006}"u8.ToArray(), Encoding.UTF8.GetBytes(
        $$"""{"before":null,"after":{"ID":1006},"source":{"version":"2.1.4.Final","connector":"db2","name":"db2server","ts_ms":1736540103938,"snapshot":"false","db":"TESTDB","schema":"DB2INST1","table":"CUSTOMERS","change_lsn":{{changeLsn}},"commit_lsn":{{commitLsn}}},"op":"c"}""")).Position;

    [Fact]
    public void Oracle_orders_by_commit_scn_then_scn_then_redo_record_then_statement()
    {
        var ordered = new[]
        {
            Oracle("\"txId\":null,\"scn\":\"289815000\",\"commit_scn\":null"), // a snapshot row at the snapshot's SCN
            Oracle("\"txId\":\"0500080076ca0000\",\"scn\":\"289815835\",\"commit_scn\":\"289815836\",\"rs_id\":\"0x0034b1.00143517.0010\",\"ssn\":0"),
            Oracle("\"txId\":\"0500080076ca0000\",\"scn\":\"289815835\",\"commit_scn\":\"289815836\",\"rs_id\":\"0x0034b1.00143517.0010\",\"ssn\":1"),
            Oracle("\"txId\":\"0500080076ca0000\",\"scn\":\"289815835\",\"commit_scn\":\"289815836\",\"rs_id\":\"0x0034b1.0014351a.0010\",\"ssn\":0"),
            Oracle("\"txId\":\"0500080076ca0000\",\"scn\":\"289815836\",\"commit_scn\":\"289815836\",\"rs_id\":\"0x0034b1.00000002.0010\",\"ssn\":0"),
            Oracle("\"txId\":\"0600120099ab0000\",\"scn\":\"289815801\",\"commit_scn\":\"289815900\",\"rs_id\":\"0x0034b0.00000001.0010\",\"ssn\":0"), // began earlier, committed later
        }.Select(c => c.Position).ToArray();

        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i].IsAfter(ordered[i - 1]), $"{ordered[i]} should be after {ordered[i - 1]}");
        }
    }

    [Fact]
    public void Oracle_keeps_its_transaction_id_as_text()
    {
        Assert.Equal("0500080076ca0000", Oracle("\"txId\":\"0500080076ca0000\",\"scn\":\"289815835\",\"commit_scn\":\"289815836\"").TransactionId);
        Assert.Equal("0000000000000123", Oracle("\"txId\":\"0000000000000123\",\"scn\":\"1\"").TransactionId); // digits only, zeros kept
    }

    [Theory]
    [InlineData("\"scn\":\"12a\"", "value $.source.scn", "expected an integer")]
    [InlineData("\"scn\":\"5\",\"rs_id\":\"0x0034b1-00143517\"", "value $.source.rs_id", "is not an Oracle redo record id (xxxxxxxx.xxxxxxxx.xxxx)")]
    [InlineData("\"scn\":\"5\",\"txId\":{\"x\":1}", "value $.source.txId", "expected an integer")]
    [InlineData("\"commit_scn\":\"5\"", "value $.source.scn", "an Oracle source block needs scn")]
    public void A_malformed_Oracle_source_block_names_the_field(string sourceFields, string path, string problem)
    {
        var error = Assert.Throws<DebeziumFormatException>(() => Oracle(sourceFields));

        Assert.Equal(path, error.Path);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Db2_orders_by_commit_lsn_then_change_lsn_across_their_full_16_bytes()
    {
        var ordered = new[]
        {
            Db2("\"00000000:0000150f:0000000000048fca\"", "null"), // the captured snapshot row: no change LSN
            Db2("\"00000000:0000150f:0000000000048fcb\"", "\"00000000:00000000:00000000048cc972\""),
            Db2("\"00000000:0000150f:0000000000048fcb\"", "\"00000000:00000000:00000000048cc973\""),
            Db2("\"00000000:0000150f:0000000100000000\"", "\"00000000:00000000:00000000048cc900\""), // a carry past 32 bits
            Db2("\"00000000:00001510:0000000000000001\"", "\"00000000:00000000:0000000000000001\""),
        };

        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i].IsAfter(ordered[i - 1]), $"{ordered[i]} should be after {ordered[i - 1]}");
        }
    }

    [Theory]
    [InlineData("\"0000002b:000004f8:0005:01\"", "null", "value $.source.commit_lsn")]
    [InlineData("\"00000000:0000150f:0000000000048fca\"", "\"00000000:0000000g:0000000000000001\"", "value $.source.change_lsn")]
    public void A_Db2_LSN_of_the_wrong_shape_names_the_field(string commitLsn, string changeLsn, string path)
    {
        var error = Assert.Throws<DebeziumFormatException>(() => Db2(commitLsn, changeLsn));

        Assert.Equal(path, error.Path);
        Assert.Contains("is not a Db2 LSN (xxxxxxxx:xxxxxxxx:xxxxxxxxxxxxxxxx)", error.Problem, StringComparison.Ordinal);
    }
}
