using Microsoft.Extensions.Logging.Abstractions;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Debezium;
using Strangler.Sync.Echo;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Consuming;

namespace Strangler.Sync.Tests.Projection;

/// <summary>
/// Bug: <c>{"hello":"world"}</c> on a CDC topic was projected as a flattened row (found operating a worker: the
/// status counted it as applied). It is dead-lettered with a reason naming what it lacks, and the pipeline goes on.
/// </summary>
public sealed class NotAChangeEventPipelineTests(KafkaFixture kafka) : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task A_value_that_is_no_change_event_is_dead_lettered_and_the_next_change_applied()
    {
        // Named <prefix>.dbo.Customers: a value that names no table is taken as a row of the topic's table, one the
        // projection maps (so the old decoder applied it, rather than dead-lettering it as a table it does not know).
        var topic = $"legacy{Guid.NewGuid():N}.dbo.Customers";
        kafka.CreateTopic(topic);
        await kafka.ProduceAsync(topic, "{\"Id\":3}", "{\"hello\":\"world\"}");
        var (key, value) = CaptureMessages.Customer(ChangeOperation.Create, 4, "after-the-poison", 1);
        await kafka.ProduceAsync(topic, key, value);

        using var store = new LiteDbDocumentStore(_path);
        var metrics = TestConsumers.NewMetrics();
        var projection = new CustomersProjection(topic).Define();
        var handler = new ProjectionHandler(
            new ChangeProjector(projection), store, EchoFilters.For(new EchoOptions()), metrics, TimeProvider.System, NullLogger<ProjectionHandler>.Instance);
        using var consumer = TestConsumers.Create(kafka, TestConsumers.Options(kafka, topic, KafkaFixture.NewGroupId()) with { Pipeline = projection.Name }, handler, metrics);
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        var stats = metrics.Pipelines.Single();
        Assert.True(await Eventually.TrueAsync(() => stats.Applied + stats.DeadLettered >= 2));
        await consumer.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, stats.DeadLettered);
        Assert.Equal(1, stats.Applied);
        Assert.Null(await store.FindAsync("customers", 3L, TestContext.Current.CancellationToken));
        Assert.NotNull(await store.FindAsync("customers", 4L, TestContext.Current.CancellationToken));
        var letter = Assert.Single(new DeadLetterReader(kafka.BootstrapServers).ReadAll(DeadLetterHeaders.TopicFor(topic), TimeSpan.FromSeconds(10)));
        Assert.StartsWith("value $: is not a Debezium change event", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("key column Id", letter.Reason, StringComparison.Ordinal);
    }
}
