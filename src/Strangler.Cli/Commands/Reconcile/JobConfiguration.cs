using System.CommandLine;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// The configuration a job command reads, as <c>strangler sync</c> does: <c>appsettings.json</c> in the current
/// folder, environment variables, then <c>--Strangler:Sync:...=value</c> arguments.
/// </summary>
internal static class JobConfiguration
{
    public static IConfiguration Build(ParseResult parseResult) =>
        new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. parseResult.UnmatchedTokens])
            .Build();
}
