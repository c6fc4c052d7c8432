using System.Diagnostics;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// <c>strangler reconcile</c>: compares a projection's legacy rows with the new store's documents in two resumable
/// phases. Phase 1 pages through the legacy root table's keys and compares each key's rows with its document (missing
/// in new, differing fields, unreadable rows); phase 2 pages through the store's ids for documents whose legacy row is
/// gone (missing in legacy). Findings stream to an NDJSON report; the checkpoint beside it follows the batches done
/// (see <see cref="CheckpointSaver"/>), and a repairing job's <see cref="RepairJournal"/> keeps the repairs made since.
/// </summary>
internal sealed class Reconciler(
    ProjectionOptions projection, ILegacyRowReader reader, IDocumentStore store, ReconcileOptions options, TimeProvider time,
    Action<ReconcileProgress>? progress = null, LegacyRepair? legacyRepair = null)
{
    // Batches in flight for each of the Concurrency slots. A batch that found a difference waits RecheckDelay for its
    // second look without a slot, and the batches after it are committed only after it (in key order), so the job
    // keeps its slots busy through the wait only when enough batches may run ahead: 64 a slot is 256 batches (128,000
    // keys) at the defaults, more than 2 s at the rate of a clean run. What a batch holds while it waits is its
    // findings and the keys to look at again.
    private const int BatchesInFlightPerSlot = 64;

    public static string CheckpointPath(string reportPath) => reportPath + ".checkpoint";

    public async Task<ReconcileSummary> RunAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        // Every read and write of the store through the watch, so a job kept out of the file says so (JobReports).
        var watch = new StoreWatch(store, time);
        if (request.Repair == "legacy" && legacyRepair is null)
        {
            throw new InvalidOperationException($"--repair legacy needs {LegacyRepairOptions.SectionName} (the backfill's event types that write the rows)");
        }

        using var jobLock = JobLock.Acquire(request.ReportPath, "reconcile");
        var checkpointPath = CheckpointPath(request.ReportPath);
        var checkpoint = request.Restart ? null : Checkpoint.Load(checkpointPath);
        if (checkpoint is not null && checkpoint.Projection != projection.Name)
        {
            throw new InvalidOperationException(
                $"the checkpoint '{checkpointPath}' belongs to projection '{checkpoint.Projection}': use another report path or --restart");
        }

        var fresh = false;
        if (checkpoint is null or { Phase: 3 })
        {
            // A finished job's checkpoint starts a new job in the same place.
            checkpoint = new Checkpoint { Projection = projection.Name };
            fresh = true;
        }

        var started = Stopwatch.StartNew();
        var keysAtStart = checkpoint.KeysDone;
        ProjectionShape shape;
        KeyTotal? total;
        await using (var connection = reader.CreateConnection())
        {
            await connection.OpenAsync(cancellationToken);
            shape = await ProjectionShape.ResolveAsync(reader, connection, projection, cancellationToken);
            total = await KeyCount.OfAsync(connection, options.Provider, projection.Root.Table, cancellationToken);
        }

        // A first report before any batch: the keys and findings of earlier runs, and the total.
        using var reports = new JobReports(progress, ReconcileProgress.At(checkpoint.Phase == 2 ? "store ids" : "legacy keys", checkpoint.KeysDone, total,
            checkpoint.Findings.Values.Sum(), 0), watch, store, time);
        await using var checker = new BatchChecker(shape, reader, watch, watch, options, time);
        using var rate = new KeyRate(options);
        using var report = new ReportWriter(request.ReportPath, checkpoint.ReportBytes);
        // Kept while a repairing job runs, and read by any run that resumes one.
        using var journal = request.Repair is not null || File.Exists(RepairJournal.PathFor(request.ReportPath))
            ? RepairJournal.Open(request.ReportPath, fresh)
            : null;
        var saver = new CheckpointSaver(checkpointPath, report, options.CheckpointInterval, time);
        checkpoint = checkpoint with { ReportBytes = report.Length };
        saver.Save(checkpoint, now: true);

        async Task CommitAsync(IReadOnlyList<object> keys, IReadOnlyList<Finding> findings, string phase)
        {
            report.Write(findings);
            var counts = new Dictionary<string, long>(checkpoint.Findings, StringComparer.Ordinal);
            foreach (var finding in findings)
            {
                counts[finding.Kind] = counts.GetValueOrDefault(finding.Kind) + 1;
            }

            checkpoint = checkpoint.WithAfter(keys[^1]) with
            {
                ReportBytes = report.Length,
                KeysDone = checkpoint.KeysDone + keys.Count,
                Findings = counts,
                Repaired = checkpoint.Repaired + findings.Count(f => f.Repaired is not null),
            };
            saver.Save(checkpoint);
            var seconds = Math.Max(started.Elapsed.TotalSeconds, 0.001);
            reports.Report(ReconcileProgress.At(phase, checkpoint.KeysDone, total, counts.Values.Sum(), (checkpoint.KeysDone - keysAtStart) / seconds));
        }

        try
        {
            await RunPhasesAsync();
        }
        catch (OperationCanceledException)
        {
            // Stopped (Ctrl+C): the batches committed so far are the place to resume from, not the last timed save.
            saver.Save(checkpoint, now: true);
            throw;
        }

        async Task RunPhasesAsync()
        {
            if (checkpoint.Phase == 1)
            {
                await using var pager = reader.CreateConnection();
                await pager.OpenAsync(cancellationToken);
                await OrderedBatches.RunAsync(
                    LegacyKeyPages.After(reader, pager, projection.Root.Table, shape.RootKeyColumn, checkpoint.AfterKey, options.BatchSize),
                    (keys, ct) => CheckAsync(checker, rate, journal, keys, phase: 1, request.Repair, ct),
                    (keys, findings) => CommitAsync(keys, findings, "legacy keys"),
                    options.Concurrency * BatchesInFlightPerSlot, cancellationToken);
                checkpoint = checkpoint with { Phase = 2, After = null, AfterIsNumber = false, LegacyKeys = checkpoint.KeysDone };
                saver.Save(checkpoint, now: true);
            }

            if (checkpoint.Phase == 2)
            {
                var after = checkpoint.AfterKey;
                await OrderedBatches.RunAsync(
                    async ct =>
                    {
                        var page = await watch.ListIdsAsync(projection.Collection, after, options.BatchSize, ct);
                        after = page.Count > 0 ? page[^1] : after;
                        return page;
                    },
                    (keys, ct) => CheckAsync(checker, rate, journal, keys, phase: 2, request.Repair, ct),
                    (keys, findings) => CommitAsync(keys, findings, "store ids"),
                    options.Concurrency * BatchesInFlightPerSlot, cancellationToken);
                checkpoint = checkpoint with { Phase = 3 };
                saver.Save(checkpoint, now: true);
            }
        }

        // The report now holds every repair: a later run of the job starts afresh.
        journal?.Dispose();
        File.Delete(RepairJournal.PathFor(request.ReportPath));

        return new ReconcileSummary
        {
            Projection = projection.Name,
            KeysChecked = checkpoint.KeysDone,
            LegacyKeysChecked = checkpoint.LegacyKeys,
            Findings = checkpoint.Findings,
            Repaired = checkpoint.Repaired,
            ReportPath = request.ReportPath,
            Elapsed = started.Elapsed,
        };
    }

    private async Task<IReadOnlyList<Finding>> CheckAsync(
        BatchChecker checker, KeyRate rate, RepairJournal? journal, IReadOnlyList<object> keys, int phase, string? repair, CancellationToken cancellationToken)
    {
        await rate.TakeAsync(keys.Count, cancellationToken);
        var findings = await checker.CheckAsync(keys, onlyMissingInLegacy: phase == 2, repair == "new", cancellationToken);
        if (repair == "legacy" && findings.Any(f => f.Kind != FindingKind.Error))
        {
            // Read again just before the write: the child rows a repair deletes are those the key has now, and phase 2
            // read its keys only as far as the root row (which they lack; child rows may be left under them).
            var repairing = findings;
            findings = await checker.InSlotAsync(
                async () =>
                {
                    var legacy = await checker.LoadAsync(repairing.Where(f => f.Kind != FindingKind.Error).Select(f => f.Key).ToList(), cancellationToken);
                    return await legacyRepair!.RepairAsync(repairing, legacy, cancellationToken);
                },
                cancellationToken);
        }

        if (journal is null)
        {
            return findings;
        }

        journal.Record(phase, findings);
        // A key an earlier run of this job repaired, after its last checkpoint, agrees now: its finding is the repair's.
        var found = findings.Select(f => f.Key).ToHashSet();
        var earlier = keys.Where(k => !found.Contains(k)).Select(k => journal.Earlier(phase, k)).OfType<Finding>().ToList();
        return earlier.Count == 0 ? findings : [.. findings, .. earlier];
    }
}
