using System.CommandLine;
using Strangler.Cli.Help;
using Strangler.Cli.Hosting;
using Strangler.Sync.Hosting;

namespace Strangler.Cli.Commands;

/// <summary><c>strangler sync</c>: runs the sync worker host (configuration section <c>Strangler:Sync</c>; <c>appsettings.json</c> of the folder it starts in).</summary>
internal static class SyncCommand
{
    public static Command Create()
    {
        var sync = new Command("sync", "Run the sync worker: CDC projections, the backfill of domain events, a status page.")
        {
            TreatUnmatchedTokensAsErrors = false,
        }.WithDetails("It runs the CDC projections (and the SQLite capture) and the backfill of domain events, and serves its " +
            "status on /_strangler/sync/status. Settings are --Strangler:Sync:Key=value arguments (or appsettings.json, " +
            "environment variables); the host also reads --urls, --environment, --contentRoot, --applicationName and " +
            "--shutdownTimeoutSeconds. Any other argument is refused.\n\n" + SyncSettings.HelpText());
        // Everything after `sync` goes to the host: --urls, --Strangler:Sync:..., --environment.
        sync.SetAction((parseResult, cancellationToken) =>
            HostRunner.RunAsync(parseResult, "--Strangler:Sync:BootstrapServers=kafka:9092",
                () => SyncApplication.Build([.. parseResult.UnmatchedTokens]), cancellationToken));
        return sync;
    }
}
