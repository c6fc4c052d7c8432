using Microsoft.Extensions.Logging;
using Strangler.Sync.Hosting;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile.Continuous;

/// <summary>
/// The continuous check (<see cref="ReconcileOptions.SampleSizePerMinute"/> &gt; 0): every minute, per projection, a
/// random sample of legacy keys goes through the reconciler's batch check (with its recheck, so a change in flight
/// through CDC is not drift), and the share that still differs is published on the <see cref="DriftBoard"/>.
/// Nothing is written to the report or repaired: the full <c>strangler reconcile</c> does that.
/// </summary>
internal sealed class ContinuousReconcileService(
    IReadOnlyList<ProjectionOptions> projections, ILegacyRowReader reader, IDocumentStore store, ReconcileOptions options,
    DriftBoard board, TimeProvider time, ILogger<ContinuousReconcileService> logger)
    : PeriodicService(TimeSpan.FromMinutes(1), time)
{
    private readonly Dictionary<string, ProjectionShape> _shapes = new(StringComparer.Ordinal);

    /// <summary>Checks a sample of every projection once.</summary>
    public async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        var scan = store as IDocumentScan ?? throw new InvalidOperationException($"the store {store.GetType().Name} cannot be scanned");
        foreach (var projection in projections)
        {
            IReadOnlyList<object> keys;
            ProjectionShape? shape;
            await using (var connection = reader.CreateConnection())
            {
                await connection.OpenAsync(cancellationToken);
                if (!_shapes.TryGetValue(projection.Name, out shape))
                {
                    shape = await ProjectionShape.ResolveAsync(reader, connection, projection, cancellationToken);
                    _shapes[projection.Name] = shape;
                }

                keys = await KeySample.TakeAsync(connection, options.Provider, projection.Root.Table, shape.RootKeyColumn,
                    options.SampleSizePerMinute, cancellationToken);
            }

            await using var checker = new BatchChecker(shape, reader, store, scan, options, Time);
            var findings = keys.Count == 0 ? [] : await checker.CheckAsync(keys, onlyMissingInLegacy: false, repairNew: false, cancellationToken);
            var result = new DriftResult(projection.Name, Time.GetUtcNow(), keys.Count, findings.Count);
            board.Publish(result);
            ContinuousReconcileLog.Checked(logger, projection.Name, result.Differing, result.Sampled);
        }
    }

    protected override Task RunOnceAsync(CancellationToken stoppingToken) => CheckAllAsync(stoppingToken);

    protected override void OnFailed(Exception exception) => ContinuousReconcileLog.Failed(logger, exception);
}
