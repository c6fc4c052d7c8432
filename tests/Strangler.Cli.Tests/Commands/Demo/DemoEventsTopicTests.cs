using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Strangler.Cli.Commands.Demo;
using Strangler.Sync.Hosting;

namespace Strangler.Cli.Tests.Commands.Demo;

/// <summary>
/// The demo creates the service's event topic as it starts, so the backfill's group forms then rather than at the
/// first write-back (which waited for the consumer's once-a-second look for the missing topic).
/// </summary>
public sealed class DemoEventsTopicTests
{
    [Fact]
    public void Create_makes_the_topic_on_the_mock_broker_before_any_message_is_produced()
    {
        using var cluster = new MockKafkaCluster();
        var topic = $"customers.events.{Guid.NewGuid():N}";
        Assert.DoesNotContain(topic, TopicsOf(cluster.BootstrapServers).Keys);

        DemoEventsTopic.Create(cluster.BootstrapServers, topic, NullLoggerFactory.Instance);

        // Read back by another client, asking for every topic (a request that creates none).
        Assert.Equal(4, TopicsOf(cluster.BootstrapServers)[topic]);
    }

    private static Dictionary<string, int> TopicsOf(string bootstrapServers)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        return admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
    }
}
