using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.BulkLoad;
using Strangler.Sync.Capture;
using Strangler.Sync.Hosting;
using Strangler.Sync.Projection;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// The bulk load handing over to CDC for real: SQLite with the built-in capture publishing to the mock Kafka cluster
/// all along, changes made while the load runs, then the worker's projection pipeline starting at the offsets the
/// load took before it read anything. The store must end equal to the legacy tables.
/// </summary>
public sealed class BulkLoadHandoverTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Changes_made_during_the_load_all_arrive_through_CDC_in_order_and_the_store_ends_equal_to_legacy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 1500);
        var prefix = $"legacy{Guid.NewGuid():N}";
        harness.Projection = CustomerDataSet.Projection with
        {
            Root = CustomerDataSet.Projection.Root with { Table = "dbo.crm_customers", Topic = $"{prefix}.dbo.crm_customers" },
            Children = [CustomerDataSet.Projection.Children[0] with { Table = "dbo.crm_addresses", Topic = $"{prefix}.dbo.crm_addresses" }],
        };
        kafka.CreateTopic(harness.Projection.Root.Topic);
        kafka.CreateTopic(harness.Projection.Children[0].Topic);
        var capture = new CapturePublisher(new CaptureOptions
        {
            Enabled = true, ConnectionString = harness.Legacy.ConnectionString, Tables = ["crm_customers", "crm_addresses"], TopicPrefix = prefix,
            PollInterval = TimeSpan.FromMilliseconds(50),
        }, kafka.BootstrapServers, TimeProvider.System, NullLogger<CapturePublisher>.Instance, NullLoggerFactory.Instance);
        await capture.StartAsync(ct);
        try
        {
            // Before the load: published before the offsets are taken, and in the rows the load reads.
            await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Before' WHERE id = 3");
            Assert.True(await Eventually.TrueAsync(async () => (await harness.Legacy.QueryAsync<long>("SELECT count(*) FROM strangler_capture_changes"))[0] == 0));

            var groupPrefix = KafkaFixture.NewGroupId();
            var group = $"{groupPrefix}.{harness.Projection.Name}";
            var batches = 0;
            var summary = await harness.LoadAsync((new CdcHandover(kafka.BootstrapServers, new Dictionary<string, string>()), group), _ =>
            {
                if (++batches != 2)
                {
                    return;
                }

                // While the load runs: rows already loaded (5, 10, 20) and rows not yet read (1400, 1450), a new one.
                using var connection = new SqliteConnection(harness.Legacy.ConnectionString);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = """
                    UPDATE crm_customers SET name = 'During' WHERE id = 5;
                    DELETE FROM crm_addresses WHERE customer_id = 10; DELETE FROM crm_customers WHERE id = 10;
                    UPDATE crm_addresses SET city = 'Moved' WHERE id = 201;
                    UPDATE crm_customers SET name = 'First' WHERE id = 1400;
                    UPDATE crm_customers SET name = 'Second' WHERE id = 1400;
                    DELETE FROM crm_customers WHERE id = 1450;
                    INSERT INTO crm_customers (id, name, credit_limit) VALUES (9000, 'New', '1.00');
                    INSERT INTO crm_addresses (id, customer_id, city) VALUES (90001, 9000, 'Fresh');
                    """;
                command.ExecuteNonQuery();
            });
            Assert.True(batches > 2, "the load ran in several batches");
            Assert.Equal(LoadHandover.HandedOver, summary.Handover);
            Assert.Equal([1], kafka.CommittedOffsets(group, harness.Projection.Root.Topic));
            Assert.Equal([0], kafka.CommittedOffsets(group, harness.Projection.Children[0].Topic));

            await using var worker = await StartWorkerAsync(harness, groupPrefix, ct);
            Assert.True(await Eventually.TrueAsync(async () => (await harness.ReconcileAsync()).TotalFindings == 0, seconds: 120),
                "the store caught up with every change made during the load");
            Assert.Equal("Second", await NameAsync(harness, 1400));
            Assert.Equal("During", await NameAsync(harness, 5));
            Assert.Equal("Before", await NameAsync(harness, 3));
            Assert.Null(await harness.Store.FindLiveAsync("crm_customers", 10L, ct));
            Assert.Null(await harness.Store.FindLiveAsync("crm_customers", 1450L, ct));
            Assert.Equal("New", await NameAsync(harness, 9000));
        }
        finally
        {
            await capture.StopAsync(CancellationToken.None);
            capture.Dispose();
        }
    }

    private static async Task<string?> NameAsync(ReconcileHarness harness, long id) =>
        (await harness.Store.FindLiveAsync("crm_customers", id, CancellationToken.None))?["fullName"] as string;

    private async Task<WebApplication> StartWorkerAsync(ReconcileHarness harness, string groupPrefix, CancellationToken ct)
    {
        var projection = harness.Projection;
        var settings = new Dictionary<string, string?>
        {
            ["Strangler:Sync:BootstrapServers"] = kafka.BootstrapServers,
            ["Strangler:Sync:GroupIdPrefix"] = groupPrefix,
            ["Strangler:Sync:FlushInterval"] = "00:00:00.050",
            ["Strangler:Sync:Store:LiteDbPath"] = harness.StorePath,
            ["Strangler:Sync:Echo:Provider"] = "none",
        };
        AddProjection(settings, projection);
        var app = SyncApplication.Build(["--urls=http://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync(ct);
        return app;
    }

    private static void AddProjection(Dictionary<string, string?> settings, ProjectionOptions projection)
    {
        const string at = "Strangler:Sync:Projections:0";
        settings[$"{at}:Name"] = projection.Name;
        settings[$"{at}:Collection"] = projection.Collection;
        settings[$"{at}:Root:Table"] = projection.Root.Table;
        settings[$"{at}:Root:Topic"] = projection.Root.Topic;
        foreach (var (column, mapping) in projection.Root.Columns)
        {
            settings[$"{at}:Root:Columns:{column}:Name"] = mapping.Name;
            settings[$"{at}:Root:Columns:{column}:Type"] = mapping.Type;
        }

        var child = projection.Children[0];
        settings[$"{at}:Children:0:Table"] = child.Table;
        settings[$"{at}:Children:0:Topic"] = child.Topic;
        settings[$"{at}:Children:0:Array"] = child.Array;
        settings[$"{at}:Children:0:ParentKeyColumn"] = child.ParentKeyColumn;
        foreach (var (column, mapping) in child.Columns)
        {
            settings[$"{at}:Children:0:Columns:{column}:Name"] = mapping.Name;
        }
    }
}
