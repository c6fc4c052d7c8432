using System.Text.RegularExpressions;
using Strangler.Sync.Tests.NewService;

namespace Strangler.Sync.Tests.Kafka;

/// <summary>
/// Keeps the fix of <see cref="KafkaClientLogTests"/> whole: a Kafka client built anywhere in <c>src/</c> without a
/// log handler would print librdkafka's lines to stderr again, which no test of its own would notice. Dependent admin
/// clients are left out: they share their parent's librdkafka instance, and with it its handlers.
/// </summary>
public sealed partial class EveryKafkaClientLogsTests
{
    [Fact]
    public void Every_producer_consumer_and_admin_client_built_in_src_attaches_a_log_handler()
    {
        var src = Path.Combine(ReadmeSection.RepositoryRoot(), "src");
        var builds = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Builder().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(src, f), Statement: m.Value)))
            .ToList();

        Assert.True(builds.Count >= 12, $"found only {builds.Count} client builds: the pattern no longer matches how clients are built");
        Assert.Empty(builds
            .Where(b => !b.Statement.Contains(".LogTo(", StringComparison.Ordinal) && !b.Statement.Contains(".SetLogHandler(", StringComparison.Ordinal))
            .Select(b => $"{b.File}: {b.Statement}"));
    }

    // From the builder to its Build(), across lines.
    [GeneratedRegex(@"new (ProducerBuilder|ConsumerBuilder|AdminClientBuilder)\b.*?\.Build\(\)", RegexOptions.Singleline)]
    private static partial Regex Builder();
}
