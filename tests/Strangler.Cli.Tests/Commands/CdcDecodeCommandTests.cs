using System.Text.Json;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

/// <summary><c>strangler cdc decode</c> on real captured messages (the Sync tests' corpus), as someone pasting from a topic viewer.</summary>
public sealed class CdcDecodeCommandTests
{
    private static string Captured(string name) =>
        Path.Combine(Repository.Root, "tests", "Strangler.Sync.Tests", "Fixtures", "Debezium", "Captured", name);

    private static string HandWritten(string name) =>
        Path.Combine(Repository.Root, "tests", "Strangler.Sync.Tests", "Fixtures", "Debezium", name);

    [Fact]
    public async Task A_value_without_its_key_decodes_with_a_null_key_and_a_warning()
    {
        var result = await CliRunner.RunAsync("cdc", "decode", "--value", Captured("sqlserver/debezium-docs-customers-create.json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("key").ValueKind);
        Assert.Equal("dbo.customers", json.RootElement.GetProperty("table").GetString());
        Assert.Equal(1005, json.RootElement.GetProperty("after").GetProperty("id").GetInt32());
        Assert.Contains("warning", result.Error, StringComparison.Ordinal);
        Assert.Contains("needs each message's key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_with_its_key_prints_the_key_and_no_warning()
    {
        var result = await CliRunner.RunAsync("cdc", "decode", "--key", HandWritten("sqlserver-key.json"), "--value", HandWritten("sqlserver-create.json"),
            "--topic", "legacy.dbo.Customers");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(1001, json.RootElement.GetProperty("key").GetProperty("Id").GetInt32());
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task A_pretty_printed_message_is_one_message()
    {
        var result = await CliRunner.RunAsync("cdc", "decode", "--value", Captured("mysql/debezium-serde-with-schema.json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("inventory.customers", json.RootElement.GetProperty("table").GetString());
    }

    [Fact]
    public async Task A_topic_dump_prints_one_decoded_line_per_message()
    {
        var result = await CliRunner.RunAsync("cdc", "decode", "--value", Captured("mysql/risingwave-debezium_log.ndjson"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ops = lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("op").GetString()).ToList();
        Assert.Equal(["r", "r", "r", "r", "c", "u", "c", "u", "u", "d"], ops);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(line).RootElement.GetProperty("key").ValueKind));
    }

    [Fact]
    public async Task A_bad_line_is_named_by_number_and_the_rest_still_decode()
    {
        using var directory = new TempDirectory();
        var good = File.ReadAllLines(Captured("mysql/risingwave-debezium_log_no_schema_field.ndjson"));
        var dump = directory.Combine("dump.ndjson");
        File.WriteAllLines(dump, [good[0], "{\"op\":\"x\",\"after\":{\"id\":1},\"source\":{\"connector\":\"mysql\"}}", "not json", "", good[9]]);

        var result = await CliRunner.RunAsync("cdc", "decode", "--value", dump);

        Assert.Equal(1, result.ExitCode);
        var decoded = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["r", "d"], decoded.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("op").GetString()));
        Assert.Contains("error: line 2: value $.op:", result.Error, StringComparison.Ordinal);
        Assert.Contains("error: line 3: value $: is not valid JSON", result.Error, StringComparison.Ordinal);
        Assert.Contains("2 of 4 message(s) could not be decoded", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_file_with_a_dump_is_refused()
    {
        var result = await CliRunner.RunAsync("cdc", "decode", "--key", HandWritten("sqlserver-key.json"), "--value", Captured("mysql/risingwave-debezium_log.ndjson"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--key", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task A_message_that_cannot_be_decoded_names_the_field_and_fails()
    {
        var result = await CliRunner.RunAsync("cdc", "decode", "--value", Captured("postgresql/flink-debezium-postgres-data-replica-identity.ndjson"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(15, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("error: line 16: value $.before: must be a row for op 'd'", result.Error, StringComparison.Ordinal);
    }
}
