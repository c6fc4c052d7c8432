using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Strangler.Cli.Tests.Infrastructure;
using Strangler.Sync.Echo;
using Strangler.Sync.Metrics;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// <c>strangler cdc decode --projection</c>: a team without Debezium tries its projection's settings on a captured
/// message (the Sync tests' verbatim corpus) and sees what the projection would write, or the pipeline's own reason
/// for dead-lettering it.
/// </summary>
public sealed class CdcDecodeProjectionTests
{
    // The SQL Server connector's create event of dbo.customers 1005, from Debezium's documentation.
    private static readonly string Create = Captured("sqlserver/debezium-docs-customers-create.json");

    // Its message key, as the connector writes a key without its schema: the row's key column.
    private const string CreateKey = """{"id":1005}""";

    private static string Captured(string name) =>
        Path.Combine(Repository.Root, "tests", "Strangler.Sync.Tests", "Fixtures", "Debezium", "Captured", name);

    // The worker's settings as arguments, as strangler sync takes them.
    private static string[] Projection(string table = "dbo.customers", params string[] more) =>
    [
        "--Strangler:Sync:Projections:0:Name=customers-projection",
        "--Strangler:Sync:Projections:0:Subdomain=customers",
        "--Strangler:Sync:Projections:0:Collection=customers",
        $"--Strangler:Sync:Projections:0:Root:Table={table}",
        "--Strangler:Sync:Projections:0:Root:Topic=server1.dbo.customers",
        "--Strangler:Sync:Projections:0:Root:Columns:first_name:Name=firstName",
        "--Strangler:Sync:Projections:0:Root:Columns:id:Ignore=true",
        .. more,
    ];

    [Fact]
    public async Task A_create_prints_the_document_the_projection_would_write()
    {
        using var directory = new TempDirectory();
        var key = directory.Combine("key.json");
        File.WriteAllText(key, CreateKey);

        var result = await CliRunner.RunAsync(["cdc", "decode", "--projection", "customers-projection", "--key", key, "--value", Create, .. Projection()]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
        var expected = JsonNode.Parse("""
            {"projection":"customers-projection","collection":"customers","table":"dbo.customers","op":"c","writes":[
              {"write":"upsert","id":1005,"document":{"firstName":"john","last_name":"doe","email":"john.doe@example.org"},
               "position":"mssql:00000027000007580005:00000027000007580003:00000000000000000001"}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(result.Output)), result.Output);
    }

    [Fact]
    public async Task A_delete_prints_the_delete_of_its_document()
    {
        using var directory = new TempDirectory();
        var key = directory.Combine("key.json");
        var value = directory.Combine("delete.json");
        File.WriteAllText(key, """{"id":1006}""");
        // The dump's last message, a delete, as the connector wrote it.
        File.WriteAllText(value, File.ReadAllLines(Captured("mysql/risingwave-debezium_log_no_schema_field.ndjson"))[9]);

        var result = await CliRunner.RunAsync(["cdc", "decode", "--projection", "customers-projection", "--key", key, "--value", value,
            .. Projection("inventory.customers")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        var write = Assert.Single(json.RootElement.GetProperty("writes").EnumerateArray().ToList());
        Assert.Equal("d", json.RootElement.GetProperty("op").GetString());
        Assert.Equal(("delete", 1006), (write.GetProperty("write").GetString(), write.GetProperty("id").GetInt32()));
        Assert.False(write.TryGetProperty("document", out _));
    }

    [Fact]
    public async Task A_message_the_pipeline_would_dead_letter_prints_the_pipelines_reason_and_fails()
    {
        using var directory = new TempDirectory();
        var key = directory.Combine("key.json");
        File.WriteAllText(key, CreateKey);

        // Root:Table without its schema: the pipeline dead-letters every change of dbo.customers.
        var result = await CliRunner.RunAsync(["cdc", "decode", "--projection", "customers-projection", "--key", key, "--value", Create, .. Projection("customers")]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        var reason = await PipelineReasonAsync(directory, "customers", CreateKey, Create);
        Assert.StartsWith("table 'dbo.customers' is not part of projection 'customers-projection': its Root:Table is 'customers'", reason);
        Assert.Equal($"error: customers-projection would dead-letter this message: {reason}", result.Error.TrimEnd());
    }

    [Fact]
    public async Task A_message_without_its_key_is_dead_lettered_as_the_pipeline_does()
    {
        var result = await CliRunner.RunAsync(["cdc", "decode", "--projection", "customers-projection", "--value", Create, .. Projection()]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "error: customers-projection would dead-letter this message: the message key (which names the changed row), in server1.dbo.customers[0]@0: " +
            "is missing; a change of op 'c' needs the row key (a table without primary key needs message.key.columns) (key $)",
            result.Error.TrimEnd());
    }

    [Fact]
    public async Task A_mapped_column_the_change_lacks_is_warned_of_as_the_worker_does()
    {
        using var directory = new TempDirectory();
        var key = directory.Combine("key.json");
        File.WriteAllText(key, CreateKey);

        var result = await CliRunner.RunAsync(["cdc", "decode", "--projection", "customers-projection", "--key", key, "--value", Create,
            .. Projection(more: "--Strangler:Sync:Projections:0:Root:Columns:emial:Name=mail")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("warning: Strangler:Sync:Projections ('customers-projection'):Root:Columns:emial: table 'dbo.customers' has no column 'emial' " +
            "(its columns: id, first_name, last_name, email)", result.Error.TrimEnd());
    }

    [Fact]
    public async Task A_key_written_by_hand_that_disagrees_with_its_row_is_warned_of()
    {
        using var directory = new TempDirectory();
        var key = directory.Combine("key.json");
        // The row is customer 1005; a key copied from another message says 1004.
        File.WriteAllText(key, """{"id":1004}""");

        var result = await CliRunner.RunAsync(["cdc", "decode", "--projection", "customers-projection", "--key", key, "--value", Create, .. Projection()]);

        // Still the pipeline's writes (to the key's document, as the pipeline would), with the disagreement said.
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1004, JsonDocument.Parse(result.Output).RootElement.GetProperty("writes")[0].GetProperty("id").GetInt32());
        Assert.Equal("warning: the message key disagrees with its row: it says id=1004, the row says id=1005. The pipeline takes the document id " +
            "from the key, and Debezium builds the key from the row, so check the key given with --key", result.Error.TrimEnd());
    }

    [Fact]
    public async Task A_key_naming_a_column_the_row_lacks_is_warned_of()
    {
        using var directory = new TempDirectory();
        var key = directory.Combine("key.json");
        File.WriteAllText(key, """{"customer_id":1005}""");

        var result = await CliRunner.RunAsync(["cdc", "decode", "--projection", "customers-projection", "--key", key, "--value", Create, .. Projection()]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: the message key disagrees with its row: its column 'customer_id' is not in the row " +
            "(the row's columns: id, first_name, last_name, email).", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_projection_lists_the_configured_ones()
    {
        var result = await CliRunner.RunAsync(["cdc", "decode", "--projection", "orders-projection", "--value", Create, .. Projection()]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: invalid configuration: Strangler:Sync:Projections: no projection is named 'orders-projection' (known: customers-projection)",
            result.Error.TrimEnd());
    }

    [Fact]
    public async Task A_dump_is_refused_since_it_has_no_keys()
    {
        var result = await CliRunner.RunAsync(["cdc", "decode", "--projection", "customers-projection",
            "--value", Captured("mysql/risingwave-debezium_log.ndjson"), .. Projection()]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--projection: the value holds several messages (NDJSON)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_setting_without_projection_is_refused()
    {
        var result = await CliRunner.RunAsync(["cdc", "decode", "--value", Create, .. Projection()]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'--Strangler:Sync:Projections:0:Name': the worker's settings are read only with --projection.", result.Error, StringComparison.Ordinal);
    }

    // The pipeline itself, on the same message at the same place (partition 0, offset 0), into a real store.
    private static async Task<string> PipelineReasonAsync(TempDirectory directory, string table, string key, string valueFile)
    {
        var projection = new ProjectionOptions
        {
            Name = "customers-projection",
            Collection = "customers",
            Root = new TableMapping { Table = table, Topic = "server1.dbo.customers" },
        };
        using var store = new LiteDbDocumentStore(directory.Combine("pipeline.db"));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var handler = new ProjectionHandler(new ChangeProjector(projection), store, EchoFilters.For(new EchoOptions()),
            new SyncMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<ProjectionHandler>.Instance);
        var outcome = await handler.HandleAsync(
            [new ConsumeResult<byte[]?, byte[]?>
            {
                TopicPartitionOffset = new TopicPartitionOffset("server1.dbo.customers", 0, 0),
                Message = new Message<byte[]?, byte[]?> { Key = System.Text.Encoding.UTF8.GetBytes(key), Value = File.ReadAllBytes(valueFile), Headers = [] },
            }],
            TestContext.Current.CancellationToken);
        return Assert.Single(outcome.DeadLetters).Reason;
    }
}
