using System.CommandLine;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Strangler.Cli.Errors;
using Strangler.Cli.Help;
using Strangler.Kafka;
using Strangler.Sync.DeadLetters;

namespace Strangler.Cli.Commands;

/// <summary><c>strangler dlq list|replay</c>: show and re-drive dead letters of a topic.</summary>
internal static class DlqCommand
{
    private const string BootstrapKey = "Strangler:Sync:BootstrapServers";

    public static Command Create()
    {
        var dlq = new Command("dlq", "List or replay dead letters: the messages a sync pipeline gave up on, in <topic>.dlq.");
        dlq.Subcommands.Add(List());
        dlq.Subcommands.Add(Replay());
        return dlq;
    }

    // The longest wait for Kafka's next answer; a topic is read to its end however long that takes while messages come.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private static Option<string> Topic() => new("--topic") { Description = "The source topic (or its .dlq topic).", Required = true };

    private static Option<string?> Servers() => new("--bootstrap-servers")
    {
        Description = "Kafka bootstrap servers (default: --Strangler:Sync:BootstrapServers=... on the command line, else STRANGLER_KAFKA, else Strangler:Sync:BootstrapServers as the worker reads it, else 127.0.0.1:9092).",
    };

    /// <summary>
    /// Both subcommands take <c>--Section:Key=value</c> settings after their options, as <c>load</c> does (say
    /// <c>--Logging:LogLevel:Strangler.Sync.Kafka=Debug</c> for one run); anything else unknown is refused.
    /// </summary>
    private static Command WithSettings(Command command)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        return command.WithDetails("Extra arguments are settings, --Section:Key=value (e.g. " +
            "--Strangler:Sync:Kafka:security.protocol=SSL, or --Logging:LogLevel:Strangler.Sync.Kafka=Debug for one run); " +
            "any other is refused.");
    }

    // What is said for this run wins: the option, then the setting on the command line; then the environment's
    // STRANGLER_KAFKA (the demo's and the tests' address) over the worker's setting from its environment or file.
    // Where it came from goes into the error when nothing answers there: the one place to fix.
    private static (string Address, string Source) Bootstrap(ParseResult parseResult, Option<string?> servers, IConfiguration settings) =>
        parseResult.GetValue(servers) is { } given ? (given, "--bootstrap-servers")
        : new ConfigurationBuilder().AddCommandLine([.. parseResult.UnmatchedTokens]).Build()[BootstrapKey] is { } argument
            ? (argument, $"--{BootstrapKey} on the command line")
        : Environment.GetEnvironmentVariable("STRANGLER_KAFKA") is { } variable ? (variable, "the environment variable STRANGLER_KAFKA")
        : settings[BootstrapKey] is { } setting ? (setting, $"the setting {BootstrapKey} (environment or appsettings.json)")
        : ("127.0.0.1:9092", "the default, as none of --bootstrap-servers, STRANGLER_KAFKA or Strangler:Sync:BootstrapServers is set");

    private static string? Unrecognized(ParseResult parseResult) =>
        SettingArguments.Unrecognized(parseResult, "--Logging:LogLevel:Strangler.Sync.Kafka=Debug");

    private static Command List()
    {
        var topic = Topic();
        var servers = Servers();
        var list = WithSettings(new Command("list", "List the dead letters of a topic: offset, reason, source coordinates, key.") { topic, servers });
        list.SetAction(async parseResult =>
        {
            if (Unrecognized(parseResult) is { } unrecognized)
            {
                return await UsageErrors.WriteAsync(parseResult, unrecognized);
            }

            var settings = DlqSettings.Read(parseResult);
            var (bootstrap, source) = Bootstrap(parseResult, servers, settings);
            var kafka = DlqSettings.Kafka(settings);
            var count = 0L;
            try
            {
                // Disposed (its lines flushed to stderr) before the command's own error line, which so comes last.
                using var loggers = DlqLogging.Create(settings);
                // Each line as its dead letter is read: a topic of any size is listed without being held.
                foreach (var r in new DeadLetterReader(bootstrap, kafka, loggers).Read(DlqTopic(parseResult.GetValue(topic)!), ReadTimeout))
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Partition}@{r.Offset}\t{r.SourceTopic}[{r.SourcePartition}]@{r.SourceOffset}\tkey={Text(r.Key)}\t{r.Reason}"));
                    count++;
                }
            }
            catch (Exception ex) when (ex is KafkaException or TimeoutException)
            {
                Console.Error.WriteLine(Unreachable(bootstrap, source, ex, count == 0
                    ? "nothing was listed"
                    : $"the {count} listed above are not the whole topic"));
                return 1;
            }
            catch (InvalidOperationException ex) when (IsRefusedSetting(ex))
            {
                Console.Error.WriteLine(RefusedSetting(ex, kafka));
                return UsageErrors.ExitCode;
            }

            Console.Out.WriteLine($"{count} dead letter(s)");
            return 0;
        });
        return list;
    }

    private static Command Replay()
    {
        var topic = Topic();
        var servers = Servers();
        var offsets = new Option<string[]>("--offset")
        {
            Description = "Replay only these dead letters, as <partition>@<offset> the way 'dlq list' prints them (repeatable; a bare offset if only one partition has it); default all.",
            AllowMultipleArgumentsPerToken = true,
        };
        var replay = WithSettings(new Command("replay", "Produce dead letters back to their source topic, so the pipeline consumes them again.") { topic, servers, offsets });
        replay.SetAction(async (parseResult, cancellationToken) =>
        {
            if (Unrecognized(parseResult) is { } unrecognized)
            {
                return await UsageErrors.WriteAsync(parseResult, unrecognized);
            }

            var settings = DlqSettings.Read(parseResult);
            var (bootstrap, source) = Bootstrap(parseResult, servers, settings);
            IReadOnlyList<DlqSelection.Wanted> wanted;
            try
            {
                wanted = DlqSelection.Parse(parseResult.GetValue(offsets) ?? []);
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return UsageErrors.ExitCode;
            }

            var kafka = DlqSettings.Kafka(settings);
            // How far a replay got, for the line that says where it stopped.
            var started = false;
            var sent = 0;
            var dlqTopic = DlqTopic(parseResult.GetValue(topic)!);
            try
            {
                int replayed;
                DlqSelection.Plan plan;
                using (var loggers = DlqLogging.Create(settings))
                {
                    // Two reads, so that no dead letter is held whatever the topic's size: the first checks what is
                    // meant (nothing is replayed if any of it cannot be), the second replays it as it is read, up to
                    // where the first ended.
                    var reader = new DeadLetterReader(bootstrap, kafka, loggers);
                    plan = DlqSelection.Decide(reader.Read(dlqTopic, ReadTimeout), wanted);
                    started = true;
                    replayed = await new DeadLetterReplayer(bootstrap, kafka, loggers).ReplayEachAsync(
                        reader.Read(dlqTopic, ReadTimeout, plan.Ends).Where(plan.Includes).Select(r =>
                        {
                            sent++;
                            return r;
                        }),
                        cancellationToken);
                }

                Console.Out.WriteLine($"replayed {replayed} dead letter(s)");
                if (DlqSelection.Shortfall(plan, replayed, dlqTopic) is { } shortfall)
                {
                    Console.Error.WriteLine("error: " + shortfall);
                    return 1;
                }

                return 0;
            }
            catch (InvalidOperationException ex) when (IsRefusedSetting(ex))
            {
                Console.Error.WriteLine(RefusedSetting(ex, kafka));
                return UsageErrors.ExitCode;
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
            catch (Exception ex) when (ex is KafkaException or TimeoutException)
            {
                Console.Error.WriteLine(Unreachable(bootstrap, source, ex, !started
                    ? "nothing was replayed"
                    : $"up to {sent} were sent for replay before it (replaying one again is safe: a projection ignores what it already applied)"));
                return 1;
            }
        });
        return replay;
    }

    // librdkafka refuses an unknown setting or a bad value as the client is built (Confluent.Kafka raises it as an
    // InvalidOperationException: 'No such configuration property: "x"', 'Invalid value "v" for configuration property
    // "p"'); its message names the setting. A refused value is quoted in it, so a secret setting's value is taken out.
    private static bool IsRefusedSetting(InvalidOperationException ex) => ex.Message.Contains("configuration property", StringComparison.Ordinal);

    private static string RefusedSetting(InvalidOperationException ex, IReadOnlyDictionary<string, string> kafka) =>
        "error: a Kafka client setting (Strangler:Sync:Kafka, from appsettings.json or the environment) was refused: " +
        new SecretSettings(kafka).Redact(ex.Message);

    private static string Unreachable(string bootstrap, string source, Exception ex, string outcome) => ex is TimeoutException
        // Only the read itself times out this way: the cluster answered (the address and security are right) and then
        // stopped sending before the topic's end.
        ? $"error: Kafka at {bootstrap} stopped sending in the middle of the topic ({ex.Message}); {outcome}. Run the command again."
        : $"error: Kafka at {bootstrap} did not answer ({ex.Message}); {outcome}; the address is from {source}: check it, and " +
          "Strangler:Sync:Kafka's security.protocol, sasl.* and ssl.* if the cluster needs TLS or SASL.";

    private static string DlqTopic(string topic) =>
        topic.EndsWith(DeadLetterHeaders.TopicSuffix, StringComparison.Ordinal) ? topic : DeadLetterHeaders.TopicFor(topic);

    private static string Text(byte[]? bytes) => bytes is null ? "(null)" : Encoding.UTF8.GetString(bytes);
}
