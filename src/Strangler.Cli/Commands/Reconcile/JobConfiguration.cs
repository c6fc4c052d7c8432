using System.CommandLine;
using Strangler.Cli.Errors;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// The configuration a job command reads, as <c>strangler sync</c> does: <c>appsettings.json</c> in the current
/// folder, environment variables, then <c>--Strangler:Sync:...=value</c> arguments.
/// </summary>
internal static class JobConfiguration
{
    /// <summary>What a job command's help says of the arguments after its own options.</summary>
    public const string HelpText =
        "Extra arguments are the sync worker's settings, read as strangler sync reads them: --Strangler:Sync:Key=value " +
        "(e.g. --Strangler:Sync:Reconcile:Provider=postgres), over environment variables and appsettings.json in this " +
        "folder; see strangler sync --help. Any other argument is refused.";

    /// <summary>
    /// <c>--max-rate</c>: the job's <c>Strangler:Sync:Reconcile:MaxKeysPerSecond</c>, said on the command line of the
    /// night it is run (over what the settings give).
    /// </summary>
    public static Option<int> MaxRateOption() =>
        new Option<int>("--max-rate")
        {
            Description = "The most keys read per second, to spare a legacy database that serves users meanwhile " +
                "(default: no limit, or Strangler:Sync:Reconcile:MaxKeysPerSecond).",
            HelpName = "keys/s",
        }.Within(1, 10_000_000, "keys per second");

    /// <param name="parseResult">The command line.</param>
    /// <param name="maxRate">The command's <see cref="MaxRateOption"/>, whose value, when given, wins.</param>
    public static IConfiguration Build(ParseResult parseResult, Option<int>? maxRate = null)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. parseResult.UnmatchedTokens]);
        if (maxRate is not null && parseResult.GetResult(maxRate) is not null)
        {
            builder.AddInMemoryCollection([new($"{ReconcileOptions.SectionName}:{nameof(ReconcileOptions.MaxKeysPerSecond)}",
                parseResult.GetValue(maxRate).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        return builder.Build();
    }

    /// <summary>
    /// The first argument that is neither the command's own nor a <c>--Section:Key=value</c> setting, said as a
    /// one-line error; null when there is none. Every setting a job reads has a section.
    /// </summary>
    public static string? Unrecognized(ParseResult parseResult) =>
        SettingArguments.Unrecognized(parseResult, "--Strangler:Sync:Reconcile:BatchSize=1000");
}
