using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.Sync.Backfill;

/// <summary>
/// The backfill's mappings checked against the legacy schema as the worker starts, so that a table or column a mapping
/// names and the database lacks is said then, not only when the first event arrives (which may be days later, in a
/// service's first week). Warnings, not a refusal: the worker must start while the legacy database is down, and a
/// migration that adds the column lets the mapping's events through without a restart (<see cref="MappingSchemaCheck"/>,
/// which the batches still run). In the background: a database that does not answer holds up nothing.
/// </summary>
internal sealed partial class MappingSchemaStartCheck(MappingSchemaCheck check, ILogger<MappingSchemaStartCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyDictionary<string, string> problems;
        try
        {
            problems = await check.ProblemsAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            LogNotChecked(logger, ex is DbException db ? DatabaseErrorText.Describe(db) : ex.Message);
            return;
        }

        foreach (var (eventType, problem) in problems)
        {
            LogMismatch(logger, eventType, problem);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Backfill mapping of event type {EventType} does not match the legacy schema (checked at start): {Problem}; its events will be dead-lettered until the setting or the schema is fixed (a schema change is seen within a minute, without a restart)")]
    private static partial void LogMismatch(ILogger logger, string eventType, string problem);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Backfill mappings not checked against the legacy schema at start, the database did not answer ({Reason}); they are checked when the first event arrives")]
    private static partial void LogNotChecked(ILogger logger, string reason);
}
