using Microsoft.Extensions.Logging.Abstractions;
using Strangler.Sync.Consuming;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Debezium;
using Strangler.Sync.Echo;
using Strangler.Sync.Metrics;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Consuming;

namespace Strangler.Sync.Tests.Projection;

/// <summary>Projection pipelines over the mock cluster into LiteDB.</summary>
public sealed class KafkaProjectionTests(KafkaFixture kafka) : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        File.Delete(_path);
    }

    private KafkaBatchConsumer Pipeline(string topic, string group, IDocumentStore store, SyncMetrics metrics, int maxBatch = 50)
    {
        var projection = new CustomersProjection(topic).Define();
        var handler = new ProjectionHandler(
            new ChangeProjector(projection), store, EchoFilters.For(new EchoOptions()), metrics, TimeProvider.System, NullLogger<ProjectionHandler>.Instance);
        var consumer = TestConsumers.Create(kafka, TestConsumers.Options(kafka, topic, group, maxBatch) with { Pipeline = projection.Name }, handler, metrics);
        _disposables.Add(consumer);
        return consumer;
    }

    private LiteDbDocumentStore Store()
    {
        var store = new LiteDbDocumentStore(_path);
        _disposables.Add(store);
        return store;
    }

    private async Task<string?> NameAsync(IDocumentStore store, long id) =>
        (await store.FindAsync("customers", id, TestContext.Current.CancellationToken)) is { } d && d.TryGetValue("name", out var n) ? (string?)n : null;

    private async Task ProduceAsync(string topic, ChangeOperation op, long id, string name, long sequence)
    {
        var (key, value) = CaptureMessages.Customer(op, id, name, sequence);
        await kafka.ProduceAsync(topic, key, value);
    }

    [Fact]
    public async Task Snapshot_then_stream_with_duplicates_and_a_poison_message_ends_in_the_latest_state()
    {
        var topic = await kafka.CreateTopicAsync("legacy.dbo.Customers", partitions: 2);
        await ProduceAsync(topic, ChangeOperation.Read, 1, "snap-1", 1);
        await ProduceAsync(topic, ChangeOperation.Read, 2, "snap-2", 2);
        await ProduceAsync(topic, ChangeOperation.Update, 1, "upd-1", 3);
        await kafka.ProduceAsync(topic, "{\"Id\":3}", "{\"op\":\"c\"");
        await ProduceAsync(topic, ChangeOperation.Update, 1, "upd-1", 3);   // duplicate
        await ProduceAsync(topic, ChangeOperation.Read, 2, "snap-2", 2);    // replayed snapshot row
        await ProduceAsync(topic, ChangeOperation.Delete, 2, "snap-2", 4);
        await kafka.ProduceAsync(topic, "{\"Id\":2}", null);                // tombstone

        var store = Store();
        var metrics = TestConsumers.NewMetrics();
        var consumer = Pipeline(topic, KafkaFixture.NewGroupId(), store, metrics);
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        var stats = metrics.Pipelines.Single();
        Assert.True(await Eventually.TrueAsync(() => stats.Applied + stats.Skipped + stats.DeadLettered >= 8));
        await consumer.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal("upd-1", await NameAsync(store, 1));
        Assert.Equal(true, (await store.FindAsync("customers", 2L, TestContext.Current.CancellationToken))![DocumentFields.Deleted]);
        Assert.Equal(4, stats.Applied);
        Assert.Equal(3, stats.Skipped);
        Assert.Equal(1, stats.DeadLettered);
        var letter = Assert.Single(new DeadLetterReader(kafka.BootstrapServers).ReadAll(DeadLetterHeaders.TopicFor(topic), TimeSpan.FromSeconds(10)));
        Assert.StartsWith("value $: is not valid JSON", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_workers_in_one_group_across_rebalances_leave_every_document_at_its_latest_change()
    {
        const int keys = 20;
        const int versions = 15;
        var topic = await kafka.CreateTopicAsync("legacy.dbo.Customers", partitions: 4);
        var group = KafkaFixture.NewGroupId();
        var store = Store();
        var metrics = TestConsumers.NewMetrics();
        var first = Pipeline(topic, group, store, metrics, maxBatch: 10);
        await first.StartAsync(TestContext.Current.CancellationToken);

        long sequence = 0;
        for (var v = 0; v < versions; v++)
        {
            for (var id = 1; id <= keys; id++)
            {
                await ProduceAsync(topic, v == 0 ? ChangeOperation.Create : ChangeOperation.Update, id, $"v{v}", ++sequence);
            }

            if (v == 5)
            {
                // A second worker joins mid-stream: partitions move while batches are in flight.
                await Pipeline(topic, group, store, metrics, maxBatch: 10).StartAsync(TestContext.Current.CancellationToken);
            }

            if (v == 10)
            {
                await first.StopAsync(TestContext.Current.CancellationToken);
            }
        }

        // Old versions delivered again out of order: replays after the rebalance must not win.
        for (var id = 1; id <= keys; id++)
        {
            await ProduceAsync(topic, ChangeOperation.Update, id, "stale", id);
        }

        var expected = Enumerable.Range(1, keys).Select(_ => $"v{versions - 1}").ToList();
        Assert.True(await Eventually.TrueAsync(() =>
            Enumerable.Range(1, keys).Select(id => NameAsync(store, id).GetAwaiter().GetResult()).SequenceEqual(expected), seconds: 40));
        var stats = metrics.Pipelines.Single();
        Assert.True(await Eventually.TrueAsync(() => stats.Skipped >= keys));
        Assert.Equal(0, stats.DeadLettered);
    }

    [Fact]
    public async Task A_worker_killed_mid_batch_then_restarted_loses_nothing_and_applies_nothing_twice()
    {
        var topic = await kafka.CreateTopicAsync("legacy.dbo.Customers");
        for (var id = 1; id <= 10; id++)
        {
            await ProduceAsync(topic, ChangeOperation.Create, id, $"c{id}", id);
        }

        var group = KafkaFixture.NewGroupId();
        var store = Store();
        var dying = new DyingStore(store, writesBeforeDeath: 4);
        var firstMetrics = TestConsumers.NewMetrics();
        var first = Pipeline(topic, group, dying, firstMetrics, maxBatch: 100);
        await first.StartAsync(TestContext.Current.CancellationToken);
        await dying.Died.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await first.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal([-1001L], kafka.CommittedOffsets(group, topic));

        var metrics = TestConsumers.NewMetrics();
        var second = Pipeline(topic, group, store, metrics, maxBatch: 100);
        await second.StartAsync(TestContext.Current.CancellationToken);
        var stats = metrics.Pipelines.Single();
        Assert.True(await Eventually.TrueAsync(() => stats.Applied + stats.Skipped >= 10));
        await second.StopAsync(TestContext.Current.CancellationToken);

        // The first batch may have held fewer than 10 messages; whatever the dying worker wrote is skipped, the rest applied.
        Assert.InRange(dying.Written, 1, 4);
        Assert.Equal(10 - dying.Written, stats.Applied);
        Assert.Equal(dying.Written, stats.Skipped);
        for (var id = 1; id <= 10; id++)
        {
            Assert.Equal($"c{id}", await NameAsync(store, id));
        }
    }

    /// <summary>Applies some writes one by one, then hangs until the worker is stopped: a process dying mid-batch.</summary>
    private sealed class DyingStore(IDocumentStore inner, int writesBeforeDeath) : IDocumentStore
    {
        private readonly TaskCompletionSource _died = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Died => _died.Task;

        public int Written { get; private set; }

        public async Task<WriteCounts> ApplyAsync(string collection, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken)
        {
            foreach (var write in writes.Take(writesBeforeDeath))
            {
                await inner.ApplyAsync(collection, [write], cancellationToken);
                Written++;
            }

            _died.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public Task<IReadOnlyDictionary<string, object?>?> FindAsync(string collection, object id, CancellationToken cancellationToken) =>
            inner.FindAsync(collection, id, cancellationToken);

        public Task<TombstonePruneCounts> PruneTombstonesAsync(
            string collection, IReadOnlyCollection<string> arrays, DateTimeOffset deletedBefore, int batchSize, CancellationToken cancellationToken) =>
            inner.PruneTombstonesAsync(collection, arrays, deletedBefore, batchSize, cancellationToken);
    }
}
