using System.CommandLine;
using Microsoft.Extensions.Options;
using Strangler.Sync.Hosting;

namespace Strangler.Cli.Commands;

/// <summary><c>strangler sync</c>: runs the sync worker host (configuration section <c>Strangler:Sync</c>).</summary>
internal static class SyncCommand
{
    public static Command Create()
    {
        var sync = new Command("sync", "Run the sync worker: CDC projections (and the SQLite capture), status on /_strangler/sync/status.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        sync.SetAction(async (parseResult, cancellationToken) =>
        {
            // Everything after `sync` goes to the host: --urls, --Strangler:Sync:..., --environment.
            try
            {
                await using var app = SyncApplication.Build([.. parseResult.UnmatchedTokens]);
                await app.RunAsync(cancellationToken);
                return 0;
            }
            catch (OptionsValidationException ex)
            {
                // Configuration mistakes are the user's to fix: one line each, naming the key, no stack trace.
                foreach (var failure in ex.Failures)
                {
                    Console.Error.WriteLine($"error: {failure}");
                }

                return 2;
            }
        });
        return sync;
    }
}
