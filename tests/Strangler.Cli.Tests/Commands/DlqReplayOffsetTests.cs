using System.Text;
using Confluent.Kafka;
using Strangler.Cli.Tests.Infrastructure;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Hosting;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// <c>strangler dlq replay --offset</c> on a dead-letter topic of several partitions (found operating a worker:
/// <c>--offset 0</c>, meant for one dead letter, replayed the one at offset 0 of every partition, and the
/// <c>2@0</c> that <c>dlq list</c> prints was refused as not a number).
/// </summary>
public sealed class DlqReplayOffsetTests : IDisposable
{
    private readonly MockKafkaCluster _kafka = new(immediateRebalance: true);

    [Fact]
    public async Task A_bare_offset_in_several_partitions_is_refused_naming_them_and_partition_at_offset_replays_one()
    {
        var source = "legacy.dbo.Customers." + Guid.NewGuid().ToString("N");
        _kafka.CreateTopic(source, 1);
        _kafka.CreateTopic(DeadLetterHeaders.TopicFor(source), 3);
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build())
        {
            for (var partition = 0; partition < 3; partition++)
            {
                var headers = new Headers
                {
                    { DeadLetterHeaders.Reason, Bytes("bad " + partition) },
                    { DeadLetterHeaders.SourceTopic, Bytes(source) },
                    { DeadLetterHeaders.SourcePartition, Bytes("0") },
                    { DeadLetterHeaders.SourceOffset, Bytes(partition.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                };
                await producer.ProduceAsync(
                    new TopicPartition(DeadLetterHeaders.TopicFor(source), partition),
                    new Message<byte[]?, byte[]?> { Key = Bytes("k" + partition), Value = Bytes("v" + partition), Headers = headers },
                    TestContext.Current.CancellationToken);
            }
        }

        var ambiguous = await Replay(source, "0");
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains("--offset 0 names 3 dead letters (0@0, 1@0, 2@0)", ambiguous.Error, StringComparison.Ordinal);
        Assert.Empty(Read(source));

        var missing = await Replay(source, "1@5");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--offset 1@5: no dead letter there (it has 3: 0@0, 1@0, 2@0)", missing.Error, StringComparison.Ordinal);
        Assert.Empty(Read(source));

        var one = await Replay(source, "1@0");
        Assert.Equal(0, one.ExitCode);
        Assert.Contains("replayed 1 dead letter(s)", one.Output, StringComparison.Ordinal);
        Assert.Equal(["k1"], Read(source));
    }

    [Fact]
    public async Task A_malformed_offset_is_refused_before_kafka_is_asked()
    {
        // Nothing listens on port 9 (discard): had the command read the topic first, it would say Kafka did not answer.
        var result = await CliProcess.RunAsync(["dlq", "replay", "--topic", "t", "--bootstrap-servers", "127.0.0.1:9", "--offset", "2:0"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--offset 2:0: expected <partition>@<offset>", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _kafka.Dispose();

    private Task<CliResult> Replay(string source, string offset) =>
        CliProcess.RunAsync(["dlq", "replay", "--topic", source, "--bootstrap-servers", _kafka.BootstrapServers, "--offset", offset]);

    private List<string> Read(string topic) => TopicKeys.Read(_kafka.BootstrapServers, topic);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
