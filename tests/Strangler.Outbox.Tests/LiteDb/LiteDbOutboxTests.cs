using System.Text;
using System.Text.Json;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Strangler.Outbox.LiteDb;
using Strangler.Outbox.Relay;

namespace Strangler.Outbox.Tests.LiteDb;

/// <summary>The LiteDB outbox and its relay against the Kafka mock cluster.</summary>
public sealed class LiteDbOutboxTests(KafkaFixture kafka) : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"outbox-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));

    private sealed record Customer(long Id, string Name);

    [Fact]
    public async Task Outbox_BuiltWhileAnotherIsMappingItsDocument_WaitsForTheWholeMapping()
    {
        // LiteDB 5 publishes a type's mapping before filling it in. The mapper holds the first outbox's build in that
        // window, so the second outbox over the same mapper meets it every time: unguarded, it reads the empty mapping
        // and throws "Member SentAtUtc not found on BsonMapper" at once (as two demo hosts starting together did).
        using var mapper = new HeldMappingBsonMapper(typeof(OutboxDocument));
        using var first = new LiteDatabase(new MemoryStream(), mapper);
        using var second = new LiteDatabase(new MemoryStream(), mapper);
        var firstBuild = Task.Factory.StartNew(
            () => new LiteDbOutbox(first, Options("unused"), _time),
            TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(mapper.WaitUntilBuilding(TimeSpan.FromSeconds(30)), "the first outbox began mapping its document");

        Exception? secondFailure = null;
        var secondBuild = new Thread(() =>
        {
            try
            {
                _ = new LiteDbOutbox(second, Options("unused"), _time);
            }
            catch (Exception ex)
            {
                secondFailure = ex;
            }
        })
        { IsBackground = true };
        secondBuild.Start();
        // The first build stays held until the second has either finished (unguarded: failed) or is waiting its turn.
        var waited = await WaitUntilBlockedOrDoneAsync(secondBuild);
        mapper.Release();
        await firstBuild;

        Assert.True(secondBuild.Join(TimeSpan.FromSeconds(30)), "the second outbox was built once the first was");
        Assert.Null(secondFailure);
        Assert.True(waited, "the second outbox waited for the first one's mapping");
    }

    [Fact]
    public void Stage_InARolledBackTransaction_LeavesNeitherTheWriteNorTheEvent()
    {
        using var db = new LiteDatabase(_file);
        var outbox = new LiteDbOutbox(db, Options("unused"), _time);

        Assert.Throws<InvalidOperationException>(() => outbox.InTransaction((store, o) =>
        {
            store.GetCollection<Customer>("customers").Insert(new Customer(1, "Ada"));
            o.Stage("CustomerRegistered", "1", new { name = "Ada" });
            throw new InvalidOperationException("the service's write failed");
        }));
        outbox.InTransaction((store, o) =>
        {
            store.GetCollection<Customer>("customers").Insert(new Customer(2, "Bob"));
            o.Stage("CustomerRegistered", "2", new { name = "Bob" });
        });

        Assert.Equal([2L], db.GetCollection<Customer>("customers").FindAll().Select(c => c.Id));
        Assert.Equal(["2"], db.GetCollection(LiteDbOutbox.CollectionName).FindAll().Select(d => d["Subject"].AsString));
    }

    [Fact]
    public async Task CrashBetweenWriteAndPublish_LosesNothing_TheEventIsPublishedAfterRestart()
    {
        var topic = await kafka.CreateTopicAsync("customers.events");
        using (var db = new LiteDatabase(_file))
        {
            new LiteDbOutbox(db, Options(topic), _time, () => Guid.Parse("0190a000-0000-7000-8000-000000000001"))
                .InTransaction((store, o) =>
                {
                    store.GetCollection<Customer>("customers").Insert(new Customer(42, "Ada"));
                    o.Stage("CustomerRegistered", "42", new { name = "Ada", address = new { city = "Oslo" } });
                });
            // The process dies here: nothing was published.
        }

        using (var db = new LiteDatabase(_file))
        {
            using var relay = Relay(new LiteDbOutbox(db, Options(topic), _time), topic);
            Assert.Equal(1, await relay.PublishPendingAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await relay.PublishPendingAsync(TestContext.Current.CancellationToken));
        }

        var message = Assert.Single(kafka.Read(topic, 1));
        Assert.Equal("42", Encoding.UTF8.GetString(message.Message.Key!));
        using var json = JsonDocument.Parse(message.Message.Value!);
        var root = json.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal("0190a000-0000-7000-8000-000000000001", root.GetProperty("id").GetString());
        Assert.Equal("CustomerRegistered", root.GetProperty("type").GetString());
        Assert.Equal("/customers", root.GetProperty("source").GetString());
        Assert.Equal("42", root.GetProperty("subject").GetString());
        Assert.Equal(_time.GetUtcNow(), root.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("Oslo", root.GetProperty("data").GetProperty("address").GetProperty("city").GetString());
    }

    [Fact]
    public async Task HostedRelay_PublishesEventsStagedWhileRunning_InStagingOrder()
    {
        var topic = await kafka.CreateTopicAsync("customers.events");
        using var db = new LiteDatabase(_file);
        var outbox = new LiteDbOutbox(db, Options(topic), TimeProvider.System);
        using var relay = Relay(outbox, topic, TimeProvider.System);
        await relay.StartAsync(TestContext.Current.CancellationToken);
        for (var i = 1; i <= 5; i++)
        {
            outbox.InTransaction((_, o) => o.Stage("CustomerRenamed", "7", new { name = "v" + i }));
        }

        var messages = kafka.Read(topic, 5);
        await relay.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["v1", "v2", "v3", "v4", "v5"], messages.Select(m =>
            JsonDocument.Parse(m.Message.Value!).RootElement.GetProperty("data").GetProperty("name").GetString()));
    }

    /// <summary>
    /// True once <paramref name="thread"/> has been blocked for 200 ms straight (waiting on a lock), false if it
    /// finished first; gives up (false) after 30 s.
    /// </summary>
    private static async Task<bool> WaitUntilBlockedOrDoneAsync(Thread thread)
    {
        var blockedPolls = 0;
        for (var poll = 0; poll < 1500 && thread.IsAlive; poll++)
        {
            blockedPolls = (thread.ThreadState & ThreadState.WaitSleepJoin) != 0 ? blockedPolls + 1 : 0;
            if (blockedPolls == 10)
            {
                return true;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return false;
    }

    private OutboxOptions Options(string topic) => new()
    {
        BootstrapServers = kafka.BootstrapServers, Topic = topic, Source = "/customers", PollInterval = TimeSpan.FromMilliseconds(50),
    };

    private OutboxRelay Relay(LiteDbOutbox outbox, string topic, TimeProvider? time = null) =>
        new(outbox, Microsoft.Extensions.Options.Options.Create(Options(topic)), time ?? _time, NullLoggerFactory.Instance);

    public void Dispose()
    {
        File.Delete(_file);
        File.Delete(Path.ChangeExtension(_file, null) + "-log.db");
    }
}
