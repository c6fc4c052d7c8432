using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.Sync.Debezium;
using Strangler.Sync.Echo;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Consuming;

namespace Strangler.Sync.Tests.Projection;

/// <summary>
/// Regression (found writing a new service's projection): a column mapping whose column the table's changes do not
/// carry, such as <c>"name": { "Ignore": true }</c> for a column spelt <c>Name</c>, was accepted and never applied,
/// silently: the column the team meant to keep out of the new store was copied into it. The worker now names the
/// setting, the column it probably meant and the columns the changes carry, once, and goes on projecting as before.
/// </summary>
public sealed class MappedColumnMissingTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task A_mapping_of_a_column_the_changes_lack_is_named_once_with_the_column_meant()
    {
        // Bound from configuration as a worker binds it: the column names stay case-sensitive.
        var projection = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Name"] = "customers-projection",
            ["Collection"] = "customers",
            ["Root:Table"] = "dbo.Customers",
            ["Root:Topic"] = "legacy.dbo.Customers",
            ["Root:Columns:name:Ignore"] = "true",
            ["Root:Columns:CreditLimit:Type"] = "decimal",
        }).Build().Get<ProjectionOptions>()!;
        using var store = new LiteDbDocumentStore(_path);
        var logger = new FakeLogger<ProjectionHandler>();
        var handler = new ProjectionHandler(
            new ChangeProjector(projection), store, EchoFilters.For(new EchoOptions()), TestConsumers.NewMetrics(), TimeProvider.System, logger);

        await handler.HandleAsync(Batch(Change(1, "Ada"), Change(2, "Grace")), TestContext.Current.CancellationToken);
        await handler.HandleAsync(Batch(Change(3, "Edsger")), TestContext.Current.CancellationToken);

        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Equal(
            "Pipeline customers-projection: Strangler:Sync:Projections ('customers-projection'):Root:Columns:name: table 'dbo.Customers' has no " +
            "column 'name'; did you mean 'Name'? Column names match exactly, case included (its columns: Id, Name, CreditLimit); that mapping is " +
            "not applied; fix the setting and restart the worker (documents projected before keep what it wrote until their rows change)",
            warning.Message);
        // Projected as before: the warning is what changed.
        Assert.Equal("Ada", (await store.FindLiveAsync("customers", 1L, TestContext.Current.CancellationToken))!["Name"]);
    }

    private static (string Key, string Value) Change(long id, string name) => CaptureMessages.Customer(ChangeOperation.Create, id, name, id);

    private static List<ConsumeResult<byte[]?, byte[]?>> Batch(params (string Key, string Value)[] messages) => messages.Select((m, i) => new ConsumeResult<byte[]?, byte[]?>
    {
        TopicPartitionOffset = new TopicPartitionOffset("legacy.dbo.Customers", 0, i),
        Message = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(m.Key), Value = Encoding.UTF8.GetBytes(m.Value), Headers = [] },
    }).ToList();
}
