using System.CommandLine;

namespace Strangler.Cli.Commands;

/// <summary>
/// What <c>strangler dlq</c> reads besides its arguments, from <c>appsettings.json</c> in the current folder and the
/// environment, as the sync worker and <c>strangler load</c> do: <c>Logging:*</c> (<see cref="DlqLogging"/>) and the
/// librdkafka settings every client of the worker takes, <c>Strangler:Sync:Kafka</c>. Without them the command could not
/// reach a cluster that needs SASL or TLS (<c>security.protocol</c>, <c>sasl.*</c>, <c>ssl.*</c>), which a production
/// cluster does; run it where the worker's settings are, or with them in the environment
/// (<c>Strangler__Sync__Kafka__sasl.password</c>), never on the command line, where <c>ps</c> shows them. Settings on
/// the command line (<c>--Logging:LogLevel:Default=Debug</c>) come last and win, as for the worker.
/// </summary>
internal static class DlqSettings
{
    public static IConfiguration Read(ParseResult parseResult) => new ConfigurationBuilder()
        .SetBasePath(Directory.GetCurrentDirectory())
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine([.. parseResult.UnmatchedTokens])
        .Build();

    /// <summary>The worker's librdkafka settings for every client (<c>Strangler:Sync:Kafka</c>); empty when none.</summary>
    public static IReadOnlyDictionary<string, string> Kafka(IConfiguration configuration) =>
        configuration.GetSection("Strangler:Sync:Kafka").GetChildren()
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Key, s => s.Value!, StringComparer.Ordinal);
}
