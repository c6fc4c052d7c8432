using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Sync.Hosting;
using Strangler.Sync.Metrics;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile.Continuous;

/// <summary>
/// The continuous check (<see cref="ReconcileOptions.SampleSizePerMinute"/> &gt; 0): at start and then every
/// <see cref="ReconcileOptions.SampleInterval"/>, per projection, a random sample of keys (the rate's share of the
/// interval, see <see cref="SampleRate"/>), half of them legacy keys and half ids of the new store's live documents,
/// goes through the reconciler's batch check (with its recheck, so a change in flight through CDC is not drift), and
/// the share that still differs, the worse of the two halves', is published on the <see cref="DriftBoard"/>. Legacy keys
/// alone never found a document whose legacy row is gone (a delete CDC missed): the new service would go on serving it
/// after the flip.
/// Nothing is written to the report or repaired: the full <c>strangler reconcile</c> does that.
/// </summary>
internal sealed class ContinuousReconcileService(
    IReadOnlyList<ProjectionOptions> projections, ILegacyRowReader reader, IDocumentStore store, ReconcileOptions options,
    DriftBoard board, TimeProvider time, ILogger<ContinuousReconcileService> logger, SyncMetrics? metrics = null)
    : PeriodicService(options.SampleInterval, time)
{
    private readonly Dictionary<string, ProjectionShape> _shapes = new(StringComparer.Ordinal);
    private readonly int _keysPerCheck = SampleRate.KeysPerCheck(options.SampleSizePerMinute, options.SampleInterval);

    /// <summary>Checks a sample of every projection once.</summary>
    public async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        var scan = store as IDocumentScan ?? throw new InvalidOperationException($"the store {store.GetType().Name} cannot be scanned");
        foreach (var projection in projections)
        {
            // A worker holding no partition of the pipeline (still joining its group, mid-rebalance, or more workers than
            // partitions) measures no lag, so it cannot tell a change on its way from drift: its check would be no
            // evidence, only load on the legacy database. It says why it skipped instead.
            if (NoPartitions(projection) is { } skipped)
            {
                board.Publish(skipped);
                ContinuousReconcileLog.Skipped(logger, projection.Name, skipped.Skipped!);
                continue;
            }

            IReadOnlyList<object> keys;
            ProjectionShape? shape;
            await using (var connection = reader.CreateConnection())
            {
                await connection.OpenAsync(cancellationToken);
                if (!_shapes.TryGetValue(projection.Name, out shape))
                {
                    try
                    {
                        shape = await ProjectionShape.ResolveAsync(reader, connection, projection, cancellationToken);
                    }
                    catch (OptionsValidationException mismatch)
                    {
                        // Published, so the status and the dashboard say why there is no drift figure (the log said it
                        // with a stack trace at every interval, the status nothing); tried again at the next check, for
                        // a table altered meanwhile.
                        var reason = "the projection does not match the legacy schema: " + mismatch.Message;
                        board.Publish(new DriftResult(projection.Name, Time.GetUtcNow(), 0, 0,
                            Partitions: metrics?.Pipelines.FirstOrDefault(p => p.Name == projection.Name)?.Partitions, Skipped: reason));
                        ContinuousReconcileLog.CannotRun(logger, projection.Name, reason, options.SampleInterval);
                        continue;
                    }

                    _shapes[projection.Name] = shape;
                }

                // Keys of the whole table, those of partitions other workers of the group hold too. Right for the
                // figure: the store is one, so each worker's share estimates the whole projection's drift, and readers
                // take the worst worker's figure, never a sum (no key is counted twice). Sampling only this worker's
                // partitions' keys cannot be done from the legacy row anyway: a child table's topic is keyed by the
                // child's own key, not the root's. What it does mean is that a peer's changes on their way read as drift
                // here while this worker's own lag says caught up: the rollout's drift gate holds such a check when a
                // peer's own check says it was catching up (DriftGate.PeerCatchingUp).
                keys = await KeySample.TakeAsync(connection, options.Provider, projection.Root.Table, shape.RootKeyColumn,
                    _keysPerCheck - _keysPerCheck / 2, cancellationToken);
            }

            // The other half from the new side: what a sample of legacy keys cannot see, a document without its row. A
            // key in both halves is checked twice, and counted twice, like any other.
            var fromNew = await scan.SampleIdsAsync(projection.Collection, _keysPerCheck / 2, cancellationToken);

            // One batch reads at a time, on one connection: the check is background load on the legacy database. A
            // batch waiting for its recheck lets the next one read, so a sample with a difference in every batch does
            // not take RecheckDelay a batch (12,000 batches of an hourly 6 million keys would take 6 hours).
            await using var checker = new BatchChecker(shape, reader, store, scan, options with { Concurrency = 1 }, Time);
            // A long interval makes a big sample (100000 a minute every hour is 6 million keys): it goes through in
            // batches of BatchSize, as a full run's keys do, so each query on the legacy database stays short.
            var legacyBatches = keys.Chunk(options.BatchSize).ToList();
            var found = await Task.WhenAll(legacyBatches.Concat(fromNew.Chunk(options.BatchSize))
                .Select(batch => checker.CheckAsync(batch, onlyMissingInLegacy: false, repairNew: false, cancellationToken)));
            var differing = found.Sum(f => f.Count);
            var differingFromNew = found.Skip(legacyBatches.Count).Sum(f => f.Count);

            // As the check ends too: a rebalance during the check may have taken every partition away, and with them the
            // lag that tells whether the differing keys were on their way.
            if (NoPartitions(projection) is { } revoked)
            {
                board.Publish(revoked);
                ContinuousReconcileLog.Skipped(logger, projection.Name, revoked.Skipped!);
                continue;
            }

            var pipeline = metrics?.Pipelines.FirstOrDefault(p => p.Name == projection.Name);
            var result = new DriftResult(projection.Name, Time.GetUtcNow(), keys.Count + fromNew.Count, differing,
                pipeline is null ? null : CatchingUp(pipeline), pipeline?.Partitions, SampledFromNew: fromNew.Count,
                DifferingFromNew: differingFromNew);
            board.Publish(result);
            ContinuousReconcileLog.Checked(logger, projection.Name, result.Drift, differing - differingFromNew, keys.Count, differingFromNew, fromNew.Count);
        }
    }

    /// <summary>
    /// The skipped check of a projection whose pipeline this worker holds no partition of, now; null when it holds some,
    /// or when nothing tracks its partitions (a worker without metrics checks as it always did).
    /// </summary>
    private DriftResult? NoPartitions(ProjectionOptions projection)
    {
        if (metrics is null)
        {
            return null;
        }

        var partitions = metrics.Pipelines.FirstOrDefault(p => p.Name == projection.Name)?.Partitions ?? 0;
        return partitions > 0
            ? null
            : new DriftResult(projection.Name, Time.GetUtcNow(), 0, 0, Partitions: 0, Skipped: "no partitions assigned");
    }

    /// <summary>
    /// Why the projection's pipeline, of which this worker holds partitions, was not caught up as the check ended; null
    /// when it was. Pins a demo rollout rolled back on "drift 100 %" by a worker still projecting its first rows on a busy
    /// machine: every sampled key was a change on its way, not a difference.
    /// </summary>
    private string? CatchingUp(PipelineStats pipeline)
    {
        if (pipeline.LagAt is not { } measured)
        {
            return "its pipeline has not measured a lag yet";
        }

        // After a rebalance the lag on record is that of the partitions held before it, which may be other ones: a
        // worker given a partition with a backlog looked caught up until its first batch was applied.
        if (pipeline.AssignedAt is { } assigned && measured < assigned)
        {
            return "its pipeline has not measured a lag since its partitions were assigned";
        }

        // A batch it keeps failing to apply (its store down) holds back every change behind it, and the lag on record
        // is from before, measured again only once the batch goes through: the differing keys are those changes.
        if (pipeline.Failing is { } failing)
        {
            return string.Create(CultureInfo.InvariantCulture, $"its pipeline has a batch failing since {failing.Since:O} ({failing.Attempts} attempt(s))");
        }

        return pipeline.LagSeconds > options.RecheckDelay.TotalSeconds
            ? string.Create(CultureInfo.InvariantCulture, $"its pipeline lagged {pipeline.LagSeconds:0.#} s, longer than the recheck's {options.RecheckDelay.TotalSeconds:0.#} s")
            : null;
    }

    protected override Task RunOnceAsync(CancellationToken stoppingToken) => CheckAllAsync(stoppingToken);

    protected override void OnFailed(Exception exception) => ContinuousReconcileLog.Failed(logger, options.SampleInterval, exception);
}
