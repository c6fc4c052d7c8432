using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;
using Strangler.Outbox.Mongo;
using Strangler.Outbox.Relay;

namespace Strangler.Outbox.Tests.Mongo;

/// <summary>The MongoDB outbox; MongoDB cannot run on this machine, so these run only with STRANGLER_TEST_MONGO.</summary>
public sealed class MongoOutboxTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Stage_InAnAbortedTransaction_IsNotPublished_InACommittedOneIs()
    {
        var connection = Environment.GetEnvironmentVariable("STRANGLER_TEST_MONGO");
        if (string.IsNullOrEmpty(connection))
        {
            Assert.Skip("STRANGLER_TEST_MONGO is not set: no MongoDB server can run on this machine (see TESTING.md).");
        }
        var client = new MongoClient(connection);
        var database = client.GetDatabase("t_" + Guid.NewGuid().ToString("N"));
        await database.CreateCollectionAsync(MongoOutbox.CollectionName, cancellationToken: TestContext.Current.CancellationToken);
        await database.CreateCollectionAsync("customers", cancellationToken: TestContext.Current.CancellationToken);
        var topic = await kafka.CreateTopicAsync("customers.events");
        var options = new OutboxOptions { BootstrapServers = kafka.BootstrapServers, Topic = topic, Source = "/customers" };
        var outbox = new MongoOutbox(database, options, TimeProvider.System);
        var customers = database.GetCollection<BsonDocument>("customers");

        foreach (var (id, commit) in new[] { ("1", false), ("2", true) })
        {
            using var session = await client.StartSessionAsync(cancellationToken: TestContext.Current.CancellationToken);
            session.StartTransaction();
            await customers.InsertOneAsync(session, new BsonDocument { ["_id"] = id }, cancellationToken: TestContext.Current.CancellationToken);
            outbox.Stage(session, "CustomerRegistered", id, new { name = "c" + id });
            if (commit)
            {
                await session.CommitTransactionAsync(TestContext.Current.CancellationToken);
            }
            else
            {
                await session.AbortTransactionAsync(TestContext.Current.CancellationToken);
            }
        }
        using var relay = new OutboxRelay(outbox, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Equal(1, await relay.PublishPendingAsync(TestContext.Current.CancellationToken));
        Assert.Equal("2", Encoding.UTF8.GetString(Assert.Single(kafka.Read(topic, 1)).Message.Key!));
        await client.DropDatabaseAsync(database.DatabaseNamespace.DatabaseName, TestContext.Current.CancellationToken);
    }
}
