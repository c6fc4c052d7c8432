using Confluent.Kafka;
using Strangler.Sync.BulkLoad;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// The load's hand-over when the sync worker already runs the projection but has committed nothing yet: the order the
/// SQLite capture needs (its triggers exist only once the worker started), and what a new service's team does. The
/// commit was refused by the broker and `strangler load` ended with "unexpected error (KafkaException): Broker:
/// Unknown member", at every resumed run, although the running worker reads its topics from their start and needs
/// no hand-over.
/// </summary>
public sealed class HandoverToRunningGroupTests(KafkaFixture kafka)
{
    [Fact]
    public async Task HandOver_GroupWithAMemberAndNoOffsets_IsLeftToReadFromTheStart_AndCommitsNothing()
    {
        var topic = await kafka.CreateTopicAsync("handover");
        var group = KafkaFixture.NewGroupId();
        using var worker = await JoinAsync(topic, group);

        var handover = new CdcHandover(kafka.BootstrapServers, new Dictionary<string, string>());

        Assert.Equal(LoadHandover.GroupRunning, handover.HandOver(group, new Dictionary<string, long> { [$"{topic}/0"] = 0 }));
        Assert.Equal([-1001], kafka.CommittedOffsets(group, topic));
    }

    [Fact]
    public async Task HandOver_GroupWithAMemberThatStartsAtTheEnd_IsRefusedNamingTheGroup()
    {
        var topic = await kafka.CreateTopicAsync("handover");
        var group = KafkaFixture.NewGroupId();
        using var worker = await JoinAsync(topic, group);
        // A worker configured so would start after the changes made during the load and never apply them.
        var handover = new CdcHandover(kafka.BootstrapServers, new Dictionary<string, string>(),
            new Dictionary<string, string> { ["auto.offset.reset"] = "latest" });

        var error = Assert.Throws<InvalidOperationException>(() => handover.HandOver(group, new Dictionary<string, long> { [$"{topic}/0"] = 0 }));

        Assert.Contains($"the consumer group '{group}' has running members", error.Message, StringComparison.Ordinal);
        Assert.Contains("auto.offset.reset", error.Message, StringComparison.Ordinal);
        Assert.Equal([-1001], kafka.CommittedOffsets(group, topic));
    }

    [Fact]
    public void HandOver_ToAKafkaThatDoesNotAnswer_SaysTheLoadIsDone_AndThatRunningItAgainOnlyHandsOver()
    {
        // It threw librdkafka's KafkaException, which `strangler load` printed as "unexpected error (KafkaException):
        // Local: Broker transport failure" after every key was loaded: nothing said the load was done, nor that the same
        // command, run again, only hands over. (A port of this helper's range that nothing listens on.)
        var handover = new CdcHandover("127.0.0.1:19499", new Dictionary<string, string>(), timeout: TimeSpan.FromSeconds(2));

        var error = Assert.Throws<InvalidOperationException>(() => handover.HandOver("crm-group", new Dictionary<string, long> { ["legacy.main.crm/0"] = 5 }));

        Assert.IsType<KafkaException>(error.InnerException);
        Assert.StartsWith("every key is loaded, but the consumer group 'crm-group' could not be pointed at the offsets taken before the load: " +
            "Kafka at 127.0.0.1:19499 (Strangler:Sync:BootstrapServers) answered ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Run the same command again once Kafka answers: it only hands over.", error.Message, StringComparison.Ordinal);
    }

    private async Task<IConsumer<byte[], byte[]>> JoinAsync(string topic, string group)
    {
        var worker = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers, GroupId = group, EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        worker.Subscribe(topic);
        Assert.True(await Eventually.TrueAsync(() =>
        {
            worker.Consume(TimeSpan.FromMilliseconds(100));
            return worker.Assignment.Count > 0;
        }, seconds: 60), "the worker's consumer joined its group");
        return worker;
    }
}
