using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Strangler.Sync.Hosting;

namespace Strangler.Cli.Commands.Dev;

/// <summary>
/// <c>strangler dev kafka</c>: hosts librdkafka's mock cluster in a process of its own, prints its bootstrap address
/// and serves until Ctrl+C or SIGTERM. Workers pointed at it can be killed and restarted while messages, consumer
/// groups and committed offsets stay, which an in-process mock cluster cannot offer.
/// </summary>
internal static class DevKafkaCommand
{
    /// <summary>What the mock keeps, printed at start so that nobody reads a dropped message as a lost one.</summary>
    internal const string RetentionNote =
        "It keeps about the last 5 MB of each partition in memory (librdkafka's mock drops older messages); a consumer further behind resumes at the oldest message kept.";

    public static Command Create()
    {
        var bootstrapFile = new Option<FileInfo?>("--bootstrap-file")
        {
            Description = "Also write the bootstrap address to this file (written whole once the broker listens), for scripts.",
        };
        var topics = new Option<string[]>("--topic")
        {
            Description = "Create a topic, as name or name:partitions (default 1 partition); repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("kafka",
            "Run librdkafka's mock Kafka cluster in this process (on a free 127.0.0.1 port; it keeps nothing on disk) until Ctrl+C or SIGTERM.")
        {
            bootstrapFile,
            topics,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var parsed = new List<(string Name, int Partitions)>();
            foreach (var spec in parseResult.GetValue(topics) ?? [])
            {
                if (ParseTopic(spec) is { } topic)
                {
                    parsed.Add(topic);
                }
                else
                {
                    parseResult.InvocationConfiguration.Error.WriteLine(
                        $"error: --topic '{spec}': expected name or name:partitions with 1 to 1000 partitions");
                    return 2;
                }
            }

            // The owning client's own warnings and errors, on stderr: stdout carries the address scripts read.
            using var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning)
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
            using var cluster = new MockKafkaCluster(immediateRebalance: true, loggers: loggers);
            foreach (var (name, partitions) in parsed)
            {
                cluster.CreateTopic(name, partitions);
            }

            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"Kafka mock cluster listening at {cluster.BootstrapServers}");
            // librdkafka's mock drops a partition's oldest segments past about 5 MB (measured: of 12,000 messages of 1 KB,
            // the oldest kept was offset 7,055), and no setting changes it. A worker stopped for longer than that takes to
            // produce would silently resume at the oldest message kept, which looks like data loss in a crash test.
            output.WriteLine(RetentionNote);
            if (parseResult.GetValue(bootstrapFile) is { } file)
            {
                // Written to a side file and moved, so a script polling for it never reads half an address.
                var temporary = file.FullName + ".tmp";
                await File.WriteAllTextAsync(temporary, cluster.BootstrapServers + "\n", CancellationToken.None);
                File.Move(temporary, file.FullName, overwrite: true);
            }

            // Handled here: System.CommandLine 2.0.0 leaves InvocationConfiguration.ProcessTerminationTimeout null by
            // default, so it registers no signal handler and never cancels the action's token; the process died of
            // SIGTERM (and SIGINT) within 20 ms, without the stop message. The server commands' hosts catch the
            // signals themselves (ConsoleLifetime); this command has no host.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            output.WriteLine("Press Ctrl+C to stop.");
            output.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                output.WriteLine("Stopping the Kafka mock cluster.");
            }

            return 0;
        });
        return command;
    }

    internal static (string Name, int Partitions)? ParseTopic(string spec)
    {
        var parts = spec.Split(':');
        var partitions = 1;
        if (parts.Length > 2 || string.IsNullOrWhiteSpace(parts[0])
            || (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out partitions) || partitions is < 1 or > 1000)))
        {
            return null;
        }

        return (parts[0], partitions);
    }
}
