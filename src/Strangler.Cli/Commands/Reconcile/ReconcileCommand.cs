using System.CommandLine;
using Strangler.Cli.Errors;
using Strangler.Cli.Help;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// <c>strangler reconcile &lt;projection&gt; [--report file] [--repair new|legacy] [--restart] [--max-rate keys/s]</c>: compares the legacy
/// rows with the new store's documents, writes every finding to an NDJSON report and prints a summary; resumes an
/// unfinished run from its checkpoint. Exit 0 when both sides agree (or every finding was repaired), 3 when findings
/// remain, 2 for a configuration mistake.
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create()
    {
        var projection = new Argument<string>("projection") { Description = "The projection's name (Strangler:Sync:Projections)." };
        var report = new Option<string?>("--report")
        {
            Description = "The NDJSON report (default: a new file in Strangler:Sync:Reports:Directory, which the sync worker serves, or the unfinished one there; without that setting reconcile-<projection>.ndjson); its checkpoint sits beside it.",
        };
        var repair = new Option<string?>("--repair") { Description = "Repair the differences on one side: new (through the projection) or legacy (through the backfill's mapping)." };
        var restart = new Option<bool>("--restart") { Description = "Start over instead of resuming an unfinished run." };
        var maxRate = JobConfiguration.MaxRateOption();
        var command = new Command("reconcile", "Prove that the legacy tables and the new store agree, key by key; optionally repair one side.")
        {
            projection, report, repair, restart, maxRate,
        }.WithDetails(JobConfiguration.HelpText);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (JobConfiguration.Unrecognized(parseResult) is { } unrecognized)
            {
                return await UsageErrors.WriteAsync(parseResult, unrecognized);
            }

            var name = parseResult.GetValue(projection)!;
            var configuration = JobConfiguration.Build(parseResult, maxRate);
            var request = new ReconcileRequest
            {
                Projection = name,
                ReportPath = parseResult.GetValue(report) ?? ReconcileJobs.DefaultReportPath(configuration, name, parseResult.GetValue(restart)),
                Repair = parseResult.GetValue(repair),
                Restart = parseResult.GetValue(restart),
            };
            return await ReconcileRun.RunAsync(parseResult, configuration, request, cancellationToken);
        });
        return command;
    }
}
