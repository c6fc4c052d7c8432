using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Strangler.Sync.Echo;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Consuming;

namespace Strangler.Sync.Tests.Projection;

/// <summary>
/// Bug: a change whose message key held a string for a bigint key column (int64 in the key's schema) was dead-lettered
/// as "key $.payload.id: expected an integer but found a string", read by the team as a bad column of the row: nothing
/// said the value was the message key (the subject of the change), which key column, or which message. The reason now
/// names the key field and its column, the expected type, and the topic, partition and offset.
/// </summary>
public sealed class KeyFormatReasonTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task A_key_field_of_the_wrong_type_is_named_as_the_message_key_with_its_column_and_offset()
    {
        var projection = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Name"] = "customers-projection",
            ["Collection"] = "customers",
            ["Root:Table"] = "dbo.Customers",
            ["Root:Topic"] = "legacy.dbo.Customers",
        }).Build().Get<ProjectionOptions>()!;
        using var store = new LiteDbDocumentStore(_path);
        var handler = new ProjectionHandler(new ChangeProjector(projection), store, EchoFilters.For(new EchoOptions()), TestConsumers.NewMetrics(),
            TimeProvider.System, NullLogger<ProjectionHandler>.Instance);
        const string key = """{"schema":{"type":"struct","fields":[{"field":"id","type":"int64","optional":false}]},"payload":{"id":"cust-42"}}""";
        const string value = """{"op":"c","after":{"id":"cust-42","name":"Ada"},"source":{"table":"Customers"}}""";

        var outcome = await handler.HandleAsync(
            [new ConsumeResult<byte[]?, byte[]?>
            {
                TopicPartitionOffset = new TopicPartitionOffset("legacy.dbo.Customers", 2, 17),
                Message = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value), Headers = [] },
            }],
            TestContext.Current.CancellationToken);

        Assert.Equal(
            "the message key field 'id' (the key column id of the changed row), in legacy.dbo.Customers[2]@17: expected an integer but found a string of 7 characters " +
            "(key $.payload.id)", Assert.Single(outcome.DeadLetters).Reason);
    }
}
