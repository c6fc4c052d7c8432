using System.CommandLine;
using Strangler.Cli.Errors;

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

    public static IConfiguration Build(ParseResult parseResult) =>
        new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. parseResult.UnmatchedTokens])
            .Build();

    /// <summary>
    /// The first argument that is neither the command's own nor a <c>--Section:Key=value</c> setting, said as a
    /// one-line error; null when there is none. Every setting a job reads has a section.
    /// </summary>
    public static string? Unrecognized(ParseResult parseResult) =>
        SettingArguments.Unrecognized(parseResult, "--Strangler:Sync:Reconcile:BatchSize=1000");
}
