using System.CommandLine;
using System.Globalization;
using Strangler.Cli.Errors;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// One reconcile job as <c>strangler reconcile</c> and <c>strangler demo reconcile</c> both run it: progress while it
/// runs, then the summary. Exit 0 when both sides agree (or every finding was repaired), 3 when findings remain, 2
/// for a configuration mistake.
/// </summary>
internal static class ReconcileRun
{
    public static async Task<int> RunAsync(
        ParseResult parseResult, IConfiguration configuration, ReconcileRequest request, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        ReconcileSummary summary;
        using var stop = new JobStop(request.ReportPath, cancellationToken);
        try
        {
            UnknownSettings.Check(configuration);
            summary = await JobProgress.RunAsync(output, $"reconcile {request.Projection}", ProgressWords.Reconcile,
                progress => ReconcileJobs.ReconcileAsync(configuration, request, progress, stop.Token));
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync(stop.Message($"reconcile {request.Projection}"));
            return JobStop.ExitCode;
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } text)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"reconcile: invalid configuration: {text}");
            return ConfigurationErrors.ExitCode;
        }
        catch (TimeoutException ex)
        {
            // --repair new waits for the transactions open at each batch's log position (PositionWait); a long one in
            // the legacy database ended the job as "unexpected error".
            await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                $"reconcile: {ex.Message}. The job stopped; run the same command again to go on from its last saved place.");
            return 1;
        }
        catch (JobLockedException ex)
        {
            // Expected and actionable (another job on the same report): it says who holds it and what to do.
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"reconcile: {ex.Message}");
            return 1;
        }

        // Both sides are read (the legacy keys, then the store's ids for documents without a row), and their sum, "12 keys
        // checked" for 6 customers, read as if the job had found twice the rows there are.
        var checkedKeys = summary.LegacyKeysChecked is { } legacy
            ? $"{legacy} legacy keys and {summary.KeysChecked - legacy} store ids checked"
            : $"{summary.KeysChecked} keys checked (legacy keys and store ids)";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Projection}: {checkedKeys} in {summary.Elapsed.TotalSeconds:F1} s, {ProgressWords.Reconcile.Counted(summary.TotalFindings)}"));
        foreach (var (kind, count) in summary.Findings.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"  {kind}: {count}");
        }

        if (summary.Repaired > 0)
        {
            await output.WriteLineAsync($"  repaired ({request.Repair}): {summary.Repaired}");
        }

        if (request.Repair is not null && summary.TotalFindings > summary.Repaired)
        {
            // What keeps the exit code at 3 after a repair: error findings are never repaired, and a legacy repair can
            // refuse a key; the report says which and why.
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  not repaired: {summary.TotalFindings - summary.Repaired} (the report's findings without \"repaired\"; each says why in \"error\")"));
        }

        await output.WriteLineAsync($"report: {summary.ReportPath}");
        return summary.TotalFindings == summary.Repaired ? 0 : 3;
    }
}
