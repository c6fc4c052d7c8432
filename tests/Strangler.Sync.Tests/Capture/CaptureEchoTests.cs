using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Outbox;
using Strangler.Outbox.LiteDb;
using Strangler.Sync.Capture;
using Strangler.Sync.Debezium;
using Strangler.Sync.Echo;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Backfill;
using Strangler.Sync.Tests.Consuming;
using Strangler.Sync.Tests.Projection;

namespace Strangler.Sync.Tests.Capture;

/// <summary>
/// The backfill writing a SQLite legacy database under the built-in capture, whose messages go through the mock Kafka
/// cluster to the projection handler and the embedded store: the backfill's inserts and updates are not captured, its
/// deletes are, marked as its own, and the projection takes them as echoes, as the echo filter makes it take Debezium's.
/// </summary>
public sealed class CaptureEchoTests(KafkaFixture kafka) : IAsyncLifetime
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"customers-{Guid.NewGuid():N}.db");
    private readonly string _prefix = $"legacy{Guid.NewGuid():N}";
    private LegacyTestDatabase? _legacy;
    private CapturePublisher? _capture;
    private LiteDbDocumentStore? _documents;
    private ProjectionHandler? _handler;
    private int _read;

    private string Topic => $"{_prefix}.dbo.customers";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _legacy = await LegacyTestDatabase.CreateAsync(LegacyProvider.Sqlite);
        kafka.CreateTopic(Topic);
        _capture = new CapturePublisher(
            new CaptureOptions { Enabled = true, ConnectionString = _legacy.ConnectionString, Tables = ["customers"], TopicPrefix = _prefix, PollInterval = TimeSpan.FromMilliseconds(50) },
            kafka.BootstrapServers, TimeProvider.System, NullLogger<CapturePublisher>.Instance, NullLoggerFactory.Instance);
        await _capture.StartAsync(Ct);
        _documents = new LiteDbDocumentStore(_store);
        // The echo filter a worker picks for a SQLite backfill: nothing to look up, the messages say it.
        _handler = new ProjectionHandler(new ChangeProjector(new CustomersProjection(Topic).Define()), _documents,
            EchoFilters.For(LegacyProvider.Sqlite, _legacy.ConnectionString), TestConsumers.NewMetrics(), TimeProvider.System, NullLogger<ProjectionHandler>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        if (_capture is not null)
        {
            await _capture.StopAsync(CancellationToken.None);
            _capture.Dispose();
        }

        _documents?.Dispose();
        File.Delete(_store);
        if (_legacy is not null)
        {
            await _legacy.DisposeAsync();
        }
    }

    /// <summary>Reads the topic's next <paramref name="count"/> messages, projects them as one batch and returns them decoded.</summary>
    private async Task<List<ChangeEvent>> ProjectNextAsync(int count)
    {
        var messages = kafka.Read(Topic, _read + count).Skip(_read).ToList();
        Assert.Equal(count, messages.Count);
        _read += count;
        Assert.Empty((await _handler!.HandleAsync(messages, Ct)).DeadLetters);
        return messages.Select(m => DebeziumDecoder.Decode(m.Topic, m.Message.Key, m.Message.Value)).ToList();
    }

    private Task<IReadOnlyDictionary<string, object?>?> DocumentAsync(long id) => _documents!.FindAsync("customers", id, Ct);

    private async Task<string?> LiveNameAsync(long id) =>
        await _documents!.FindLiveAsync("customers", id, Ct) is { } d ? d["name"] as string : null;

    [Fact]
    // Bug: the capture recorded no backfill write, so the service's tombstone was never confirmed and the monolith's
    // row under the same key never reached the store.
    public async Task The_backfills_delete_confirms_the_services_tombstone_so_the_monolith_can_use_the_key_again()
    {
        await _legacy!.ExecAsync("INSERT INTO customers (id, name) VALUES (1, 'Ada')");
        await ProjectNextAsync(1);
        Assert.Equal("Ada", await LiveNameAsync(1));

        // The new service deletes the customer and stages its event; the backfill deletes the legacy row.
        using (var service = new LiteDatabase(new ConnectionString { Filename = _store, Connection = ConnectionType.Shared }, new BsonMapper()))
        {
            var outbox = new LiteDbOutbox(service, new OutboxOptions { Topic = "customers.events", Source = "/customers" }, TimeProvider.System);
            outbox.InTransaction((_, events) =>
            {
                Assert.True(events.Delete("customers", 1L));
                events.Stage("CustomerDeleted", "1", new { id = 1 });
            });
        }

        Assert.Empty((await new BackfillHarness(_legacy).HandleAsync(Events.Deleted(1, second: 5))).DeadLetters);
        Assert.Empty(await _legacy.CustomersAsync());
        await _legacy.ExecAsync("INSERT INTO customers (id, name) VALUES (1, 'Ada again')");

        var changes = await ProjectNextAsync(2);

        Assert.Equal((ChangeOperation.Delete, "backfill"), (changes[0].Op, changes[0].Origin));
        Assert.Equal((ChangeOperation.Create, (string?)null), (changes[1].Op, changes[1].Origin));
        Assert.Equal("Ada again", await LiveNameAsync(1));
        Assert.False((await DocumentAsync(1))!.ContainsKey(DocumentFields.DeletedByService));
    }

    [Fact]
    public async Task The_backfills_inserts_and_updates_never_come_back_and_its_delete_never_deletes_a_live_document()
    {
        await _legacy!.ExecAsync("INSERT INTO customers (id, name) VALUES (2, 'Grace')");
        await ProjectNextAsync(1);
        var position = (await DocumentAsync(2))![DocumentFields.Position];

        // The backfill inserts a customer, renames the monolith's, then deletes that row while its document is live
        // (the service never deleted it): none of that may change the store.
        var backfill = new BackfillHarness(_legacy);
        Assert.Empty((await backfill.HandleAsync(Events.Registered(3, "from the service", second: 1), Events.Renamed(2, "renamed by the service", second: 2))).DeadLetters);
        Assert.Equal(["from the service", "renamed by the service"], (await _legacy.CustomersAsync()).Select(c => c.Name).Order());
        Assert.Empty((await backfill.HandleAsync(Events.Deleted(2, second: 3))).DeadLetters);
        await _legacy.ExecAsync("INSERT INTO customers (id, name) VALUES (4, 'sentinel from the monolith')");

        // Next on the topic: the backfill's delete, then the sentinel. Its insert and update were never published.
        var changes = await ProjectNextAsync(2);

        Assert.Equal((ChangeOperation.Delete, 2L, "backfill"), (changes[0].Op, (long)changes[0].Key["id"]!, changes[0].Origin));
        Assert.Equal((ChangeOperation.Create, 4L), (changes[1].Op, (long)changes[1].Key["id"]!));
        Assert.Null(await DocumentAsync(3));
        Assert.Equal("Grace", await LiveNameAsync(2));
        Assert.Equal(position, (await DocumentAsync(2))![DocumentFields.Position]);
        Assert.Equal("sentinel from the monolith", await LiveNameAsync(4));
        Assert.True(await Eventually.TrueAsync(async () => (await _legacy.QueryAsync<long>("SELECT count(*) FROM strangler_capture_changes"))[0] == 0),
            "the capture deleting what Kafka acknowledged, and nothing else left to publish");
    }
}
