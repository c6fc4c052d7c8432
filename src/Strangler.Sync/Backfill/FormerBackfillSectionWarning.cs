using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Says at start that the backfill was configured under the former section, so the move to
/// <c>Strangler:Sync:Backfill</c> is noticed a release before the old key stops working.
/// </summary>
internal sealed partial class FormerBackfillSectionWarning(ILogger<FormerBackfillSectionWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogFormerSection(logger, BackfillOptions.FormerSectionName, BackfillOptions.SectionName);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The backfill is configured under {FormerSection}, which is read for one more release: move its settings to {Section}, keys unchanged below it")]
    private static partial void LogFormerSection(ILogger logger, string formerSection, string section);
}
