using System.Diagnostics;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Stores;

namespace Strangler.Sync.BulkLoad;

/// <summary>
/// <c>strangler load</c>: fills an empty or partial store from the legacy tables with the reconciler's batched,
/// resumable reader. Before reading, it takes the Kafka end offsets of the projection's topics and then the legacy log
/// position P; every document and item is written at P through the store's guarded writes, so a document CDC has
/// already moved past P keeps CDC's version, and every CDC change after P applies over the loaded one. After the last
/// batch the consumer group is pointed at the offsets (see <see cref="CdcHandover"/>). A resumed load keeps the P and
/// offsets of its first run: the handover must start before the first row was read.
/// </summary>
internal sealed class BulkLoader(
    ProjectionOptions projection, ILegacyRowReader reader, IDocumentStore store, ReconcileOptions options, TimeProvider time,
    Action<ReconcileProgress>? progress = null)
{
    /// <param name="reportPath">The NDJSON list of keys that could not be loaded; its checkpoint is kept beside it.</param>
    /// <param name="restart">
    /// Start over even when a checkpoint exists: an unfinished load's (otherwise resumed) or a finished one's (otherwise
    /// this run does nothing and says so, <see cref="LoadSummary.AlreadyFinished"/>).
    /// </param>
    /// <param name="handover">Kafka handover (null: no CDC to hand over to), with the pipeline's consumer group.</param>
    /// <param name="cancellationToken">Stops the load; the next run resumes after the last batch written.</param>
    public async Task<LoadSummary> RunAsync(string reportPath, bool restart, (CdcHandover Kafka, string GroupId)? handover, CancellationToken cancellationToken)
    {
        using var jobLock = JobLock.Acquire(reportPath, "load");
        var checkpointPath = Reconciler.CheckpointPath(reportPath);
        var checkpoint = restart ? null : Checkpoint.Load(checkpointPath);
        if (checkpoint is not null && checkpoint.Projection != projection.Name)
        {
            throw new InvalidOperationException(
                $"the checkpoint '{checkpointPath}' belongs to projection '{checkpoint.Projection}': use another report path or --restart");
        }

        if (checkpoint is { Phase: 3 })
        {
            // Loading again would read every legacy row once more, for hours on a big table, at a new position: a DBA
            // who runs the night's command twice, or to see how it ended, wants to be told instead.
            return Summary(checkpoint) with { AlreadyFinished = true };
        }

        var started = Stopwatch.StartNew();
        ProjectionShape shape;
        KeyTotal? total;
        await using (var connection = reader.CreateConnection())
        {
            await connection.OpenAsync(cancellationToken);
            shape = await ProjectionShape.ResolveAsync(reader, connection, projection, cancellationToken);
            total = await KeyCount.OfAsync(connection, options.Provider, projection.Root.Table, cancellationToken);
            if (checkpoint is null)
            {
                // Offsets first, then the position: a change committed after the position was read is published
                // after the offsets were taken, so CDC replays it.
                var offsets = handover?.Kafka.EndOffsets(projection.Topics);
                var start = await reader.PositionAsync(connection, cancellationToken);
                checkpoint = new Checkpoint { Projection = projection.Name, StartPosition = start.Value, StartOffsets = offsets };
            }
        }

        var position = new Debezium.SourcePosition(checkpoint.StartPosition!);
        var keysAtStart = checkpoint.KeysDone;
        // The store's writes, timed: kept out of the file by another process, the load says so (JobReports).
        var watch = new StoreWatch(store, time);
        using var reports = new JobReports(progress, ReconcileProgress.At("rows", checkpoint.KeysDone, total, checkpoint.Findings.Values.Sum(), 0), watch, store, time);
        await using var checker = new BatchChecker(shape, reader, watch, watch, options, time);
        using var rate = new KeyRate(options);
        using var report = new ReportWriter(reportPath, checkpoint.ReportBytes);
        var saver = new CheckpointSaver(checkpointPath, report, options.CheckpointInterval, time);
        checkpoint = checkpoint with { ReportBytes = report.Length };
        saver.Save(checkpoint, now: true);

        try
        {
            await LoadRowsAsync();
        }
        catch (OperationCanceledException)
        {
            // Stopped (Ctrl+C): the batches committed so far are the place to resume from, not the last timed save.
            saver.Save(checkpoint, now: true);
            throw;
        }

        async Task LoadRowsAsync()
        {
            if (checkpoint.Phase == 1)
            {
                await using var pager = reader.CreateConnection();
                await pager.OpenAsync(cancellationToken);
                await OrderedBatches.RunAsync(
                    LegacyKeyPages.After(reader, pager, projection.Root.Table, shape.RootKeyColumn, checkpoint.AfterKey, options.BatchSize),
                    (keys, ct) => LoadAsync(checker, watch, rate, keys, position, ct),
                    (keys, errors) =>
                    {
                        report.Write(errors);
                        checkpoint = checkpoint.WithAfter(keys[^1]) with
                        {
                            ReportBytes = report.Length,
                            KeysDone = checkpoint.KeysDone + keys.Count,
                            Findings = new Dictionary<string, long>(checkpoint.Findings) { [FindingKind.Error] = checkpoint.Findings.GetValueOrDefault(FindingKind.Error) + errors.Count },
                        };
                        saver.Save(checkpoint);
                        var seconds = Math.Max(started.Elapsed.TotalSeconds, 0.001);
                        reports.Report(ReconcileProgress.At("rows", checkpoint.KeysDone, total, checkpoint.Findings.Values.Sum(), (checkpoint.KeysDone - keysAtStart) / seconds));
                        return Task.CompletedTask;
                    },
                    options.Concurrency, cancellationToken);
                checkpoint = checkpoint with { Phase = 2, After = null };
                saver.Save(checkpoint, now: true);
            }
        }

        var handedOver = LoadHandover.NoKafka;
        if (checkpoint.Phase == 2)
        {
            handedOver = handover is { } h && checkpoint.StartOffsets is { } offsets ? h.Kafka.HandOver(h.GroupId, offsets) : LoadHandover.NoKafka;
            checkpoint = checkpoint with { Phase = 3 };
            saver.Save(checkpoint, now: true);
        }

        return Summary(checkpoint) with { Handover = handedOver, Elapsed = started.Elapsed };
    }

    /// <summary>What the load did, as its checkpoint says: the keys, the errors and the position it loaded at.</summary>
    private LoadSummary Summary(Checkpoint checkpoint)
    {
        var position = new Debezium.SourcePosition(checkpoint.StartPosition!);
        return new LoadSummary
        {
            Projection = projection.Name,
            KeysLoaded = checkpoint.KeysDone,
            Errors = checkpoint.Findings.GetValueOrDefault(FindingKind.Error),
            Position = position.Value,
            PositionDescription = reader.Describe(position),
        };
    }

    private async Task<IReadOnlyList<Finding>> LoadAsync(
        BatchChecker checker, IDocumentStore watched, KeyRate rate, IReadOnlyList<object> keys, Debezium.SourcePosition position, CancellationToken cancellationToken)
    {
        await rate.TakeAsync(keys.Count, cancellationToken);
        var entities = await checker.LoadAsync(keys, cancellationToken);
        var writes = new List<DocumentWrite>();
        var errors = new List<Finding>();
        foreach (var (key, entity) in entities)
        {
            if (entity.Root is null)
            {
                // Deleted since its key was listed: CDC brings the delete.
                continue;
            }

            try
            {
                writes.AddRange(entity.Error is { } error
                    ? throw new ProjectionException(error)
                    : ExpectedDocument.Of(projection, entity).Writes(key, stored: null, position));
            }
            catch (ProjectionException ex)
            {
                errors.Add(Finding.Of(projection.Name, FindingKind.Error, key) with { Error = ex.Message });
            }
        }

        if (writes.Count > 0)
        {
            await watched.ApplyAsync(projection.Collection, writes, cancellationToken);
        }

        return errors;
    }
}
