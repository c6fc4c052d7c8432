using Confluent.Kafka;
using Strangler.Sync.Consuming;
using Strangler.Sync.DeadLetters;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>Issue 15: group settings reach the consumer, and each client gets only its own librdkafka settings.</summary>
public sealed class ClientSettingsTests
{
    private static readonly BatchConsumerOptions Pipeline = new()
    {
        Pipeline = "customers-backfill",
        BootstrapServers = "kafka:9092",
        GroupId = "g",
        Topics = ["t"],
        Kafka = new Dictionary<string, string>
        {
            ["security.protocol"] = "SASL_SSL",
            // Consumer-only and producer-only keys written in the shared dictionary, as configurations did before.
            ["allow.auto.create.topics"] = "true",
            ["session.timeout.ms"] = "7000",
            ["linger.ms"] = "20",
        },
        ConsumerKafka = new Dictionary<string, string> { ["fetch.min.bytes"] = "2" },
        ProducerKafka = new Dictionary<string, string> { ["compression.type"] = "lz4" },
    };

    [Fact]
    public void The_dead_letter_producer_gets_no_consumer_only_setting()
    {
        var config = DeadLetterProducer.Config(Pipeline.BootstrapServers, Pipeline.Kafka, Pipeline.ProducerKafka);
        var keys = config.Select(c => c.Key).ToList();

        Assert.DoesNotContain(keys, KafkaClientSettings.IsConsumerOnly);
        Assert.Equal("SASL_SSL", config.Get("security.protocol"));
        Assert.Equal("20", config.Get("linger.ms"));
        Assert.Equal("lz4", config.Get("compression.type"));
        Assert.DoesNotContain("fetch.min.bytes", keys);
    }

    [Fact]
    public void The_consumer_gets_no_producer_only_setting_and_its_own_last()
    {
        var config = KafkaBatchConsumer.ConsumerConfigFor(Pipeline);
        var keys = config.Select(c => c.Key).ToList();

        Assert.DoesNotContain(keys, KafkaClientSettings.IsProducerOnly);
        Assert.Equal("SASL_SSL", config.Get("security.protocol"));
        Assert.Equal("true", config.Get("allow.auto.create.topics"));
        Assert.Equal("2", config.Get("fetch.min.bytes"));
        // A key set in the dictionaries wins over the group defaults.
        Assert.Equal(7000, config.SessionTimeoutMs);
    }

    [Fact]
    public void Group_defaults_and_commits_are_what_the_readme_says()
    {
        var config = KafkaBatchConsumer.ConsumerConfigFor(Pipeline with { Kafka = new Dictionary<string, string>() });

        Assert.Equal(10_000, config.SessionTimeoutMs);
        Assert.Equal(3_000, config.HeartbeatIntervalMs);
        Assert.Equal(120_000, config.MaxPollIntervalMs);
        Assert.False(config.EnableAutoCommit);
        Assert.False(config.EnableAutoOffsetStore);
        Assert.Null(config.GroupInstanceId);
    }

    [Fact]
    public void An_instance_id_makes_a_static_member_named_after_the_pipeline()
    {
        var config = KafkaBatchConsumer.ConsumerConfigFor(Pipeline with
        {
            Group = new ConsumerGroupOptions { InstanceId = "sync-7f9c", SessionTimeout = TimeSpan.FromSeconds(30) },
            Kafka = new Dictionary<string, string>(),
        });

        Assert.Equal("sync-7f9c.customers-backfill", config.GroupInstanceId);
        Assert.Equal(30_000, config.SessionTimeoutMs);
    }

    [Fact]
    public void A_consumer_built_from_the_defaults_is_accepted_by_librdkafka()
    {
        // librdkafka checks the combination (e.g. max.poll.interval.ms >= session.timeout.ms) when the client is built.
        using var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaBatchConsumer.ConsumerConfigFor(Pipeline with
        {
            Kafka = new Dictionary<string, string>(),
            Group = new ConsumerGroupOptions { InstanceId = "w-1" },
        })).Build();
        Assert.NotNull(consumer.Name);
    }
}
