using System.Text;
using Confluent.Kafka;
using Strangler.Cli.Tests.Infrastructure;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Hosting;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// <c>strangler dlq list</c> and <c>replay</c> over a dead-letter topic of several partitions, read as it streams
/// (the whole topic used to be read into memory first): the order, the count, and a replay that checks everything it
/// means before it sends the first.
/// </summary>
public sealed class DlqListAndReplayTests : IDisposable
{
    private readonly MockKafkaCluster _kafka = new(immediateRebalance: true);

    [Fact]
    public async Task List_prints_each_dead_letter_by_partition_then_offset_and_the_count()
    {
        var source = Topics();
        // Written across the partitions in turn; listed partition by partition.
        await LetterAsync(source, 1, "k-a");
        await LetterAsync(source, 0, "k-b");
        await LetterAsync(source, 2, "k-c");
        await LetterAsync(source, 0, "k-d");

        var result = await CliProcess.RunAsync(["dlq", "list", "--topic", source, "--bootstrap-servers", _kafka.BootstrapServers]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["0@0", "0@1", "1@0", "2@0"], lines[..^1].Select(l => l.Split('\t')[0]));
        Assert.Equal(["key=k-b", "key=k-d", "key=k-a", "key=k-c"], lines[..^1].Select(l => l.Split('\t')[2]));
        Assert.Equal("4 dead letter(s)", lines[^1]);
    }

    [Fact]
    public async Task Replay_checks_every_dead_letter_before_sending_any_then_replays_them_all_in_order()
    {
        var source = Topics();
        await LetterAsync(source, 0, "k-1");
        await LetterAsync(source, 1, "k-2");
        await LetterAsync(source, 1, "k-orphan", withSource: false);

        var refused = await Replay(source);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("@1 has no 'dlq-source-topic' header; nothing was replayed.", refused.Error, StringComparison.Ordinal);
        Assert.Empty(Keys(source));

        var clean = Topics();
        await LetterAsync(clean, 1, "k-3");
        await LetterAsync(clean, 0, "k-1");
        await LetterAsync(clean, 0, "k-2");

        var replayed = await Replay(clean);
        Assert.Equal(0, replayed.ExitCode);
        Assert.Contains("replayed 3 dead letter(s)", replayed.Output, StringComparison.Ordinal);
        Assert.Equal(["k-1", "k-2", "k-3"], Keys(clean));
    }

    public void Dispose() => _kafka.Dispose();

    private string Topics()
    {
        var source = "legacy.dbo.Customers." + Guid.NewGuid().ToString("N");
        _kafka.CreateTopic(source, 1);
        _kafka.CreateTopic(DeadLetterHeaders.TopicFor(source), 3);
        return source;
    }

    private Task<CliResult> Replay(string source) =>
        CliProcess.RunAsync(["dlq", "replay", "--topic", source, "--bootstrap-servers", _kafka.BootstrapServers]);

    private async Task LetterAsync(string source, int partition, string key, bool withSource = true)
    {
        var headers = new Headers { { DeadLetterHeaders.Reason, Bytes("bad " + key) } };
        if (withSource)
        {
            headers.Add(DeadLetterHeaders.SourceTopic, Bytes(source));
        }

        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        await producer.ProduceAsync(
            new TopicPartition(DeadLetterHeaders.TopicFor(source), partition),
            new Message<byte[]?, byte[]?> { Key = Bytes(key), Value = Bytes("v"), Headers = headers },
            TestContext.Current.CancellationToken);
    }

    private List<string> Keys(string topic) => TopicKeys.Read(_kafka.BootstrapServers, topic);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
