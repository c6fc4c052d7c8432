using System.CommandLine;
using System.Globalization;
using Strangler.Cli.Commands.Reconcile;
using Strangler.Cli.Errors;
using Strangler.Cli.Help;
using Strangler.Sync.BulkLoad;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Commands.Load;

/// <summary>
/// <c>strangler load &lt;projection&gt; [--report file] [--restart] [--max-rate keys/s]</c>: fills an empty or partial store from the legacy
/// tables, resumably, then points the projection's consumer group at the Kafka offsets taken before the load, so CDC
/// goes on from there. Exit 0 when every key loaded, 3 when some could not be read (listed in the report), 2 for a
/// configuration mistake.
/// </summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var projection = new Argument<string>("projection") { Description = "The projection's name (Strangler:Sync:Projections)." };
        var report = new Option<string?>("--report") { Description = "The NDJSON list of keys that could not be loaded (default: load-<projection>.ndjson in Strangler:Sync:Reports:Directory, or in the current folder without that setting); its checkpoint sits beside it." };
        var restart = new Option<bool>("--restart") { Description = "Start over: load every key again, instead of resuming an unfinished load or, after a finished one, doing nothing." };
        var maxRate = JobConfiguration.MaxRateOption();
        var command = new Command("load", "Bulk-load a projection's store from the legacy tables, then hand over to CDC.") { projection, report, restart, maxRate }
            .WithDetails(JobConfiguration.HelpText);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (JobConfiguration.Unrecognized(parseResult) is { } unrecognized)
            {
                return await UsageErrors.WriteAsync(parseResult, unrecognized);
            }

            var output = parseResult.InvocationConfiguration.Output;
            var name = parseResult.GetValue(projection)!;
            var configuration = JobConfiguration.Build(parseResult, maxRate);
            var reportPath = parseResult.GetValue(report) ?? ReconcileJobs.DefaultLoadReportPath(configuration, name);
            LoadSummary summary;
            using var stop = new JobStop(reportPath, cancellationToken);
            try
            {
                UnknownSettings.Check(configuration);
                summary = await JobProgress.RunAsync(output, $"load {name}", ProgressWords.Load, progress => ReconcileJobs.LoadAsync(configuration, name,
                    reportPath, parseResult.GetValue(restart), progress, stop.Token));
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(stop.Message($"load {name}"));
                return JobStop.ExitCode;
            }
            catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } text)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"load: invalid configuration: {text}");
                return ConfigurationErrors.ExitCode;
            }
            catch (JobLockedException ex)
            {
                // Expected and actionable (another job on the same report): it says who holds it and what to do.
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"load: {ex.Message}");
                return 1;
            }
            catch (TimeoutException ex)
            {
                // The wait for the transactions open at the log position (PositionWait), before the first batch: a long
                // transaction in the legacy database, which the DBA has to find; it ended as "unexpected error".
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"load: {ex.Message}. Nothing was loaded; run the same command again.");
                return 1;
            }
            catch (InvalidOperationException ex) when (ex.InnerException is Confluent.Kafka.KafkaException)
            {
                // Expected and actionable (a running worker that would skip the load's changes): it says what to do.
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"load: {ex.Message}");
                return 1;
            }

            if (summary.AlreadyFinished)
            {
                // A second run used to load every key again, at a new position, without a word.
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{summary.Projection}: this load had already finished: {summary.KeysLoaded} keys loaded at position {summary.PositionDescription ?? summary.Position}, {ProgressWords.Load.Counted(summary.Errors)}. " +
                    $"Nothing was read or written now (its checkpoint: {Path.GetFullPath(reportPath + ".checkpoint")}); --restart loads every key again."));
            }
            else
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{summary.Projection}: {summary.KeysLoaded} keys loaded in {summary.Elapsed.TotalSeconds:F1} s at position {summary.PositionDescription ?? summary.Position}, {ProgressWords.Load.Counted(summary.Errors)}"));
                await output.WriteLineAsync(Handover(summary.Handover));
            }

            if (summary.Errors > 0)
            {
                // Where to look: nothing else printed the default report's path.
                await output.WriteLineAsync($"the keys that could not be loaded, each with its reason: {Path.GetFullPath(reportPath)}");
            }

            return summary.Errors == 0 ? 0 : 3;
        });
        return command;
    }

    /// <summary>The hand-over to CDC as one line: each case asks something else of the operator.</summary>
    internal static string Handover(LoadHandover handover) => handover switch
    {
        LoadHandover.HandedOver => "CDC: the pipeline's consumer group starts at the offsets taken before the load",
        LoadHandover.GroupHadOffsets => "CDC: not handed over: the pipeline's consumer group already had committed offsets, and goes on from them",
        LoadHandover.GroupRunning => "CDC: not handed over: a running worker holds the consumer group and reads its topics from their start, " +
            "so it replays every change made during the load",
        _ => "CDC: not handed over: no Kafka is configured (Strangler:Sync:BootstrapServers), so no consumer group was pointed; " +
            "a worker started later reads its topics from their start",
    };
}
