using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Strangler.Sync.Metrics;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Continuous;
using Strangler.Sync.Reconcile.Reports;

namespace Strangler.Sync.Hosting;

/// <summary>The sync worker's HTTP endpoints.</summary>
public static class SyncEndpoints
{
    /// <summary>The status path read by the dashboard.</summary>
    public const string StatusPath = "/_strangler/sync/status";

    /// <summary>The readiness path: 503 while a pipeline's Kafka is unreachable or a batch of it keeps failing.</summary>
    public const string ReadyPath = "/readyz";

    /// <summary>
    /// Maps <c>GET /_strangler/sync/status</c>, <c>GET /healthz</c>, <c>GET /readyz</c>, and the reconcile reports behind their access token
    /// (<c>GET /_strangler/sync/reconcile/reports</c>, <c>GET /_strangler/sync/reconcile/{projection}/report</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapStranglerSync(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(StatusPath, (SyncMetrics metrics, TimeProvider time, HttpContext context) =>
        {
            if ((context.RequestServices.GetService<StatusAccess>() ?? StatusAccess.None).Admit(context, out var seesTexts) is { } refused)
            {
                return refused;
            }

            var now = time.GetUtcNow();
            // How often the checks come, so a reader (the rollout's drift gate) can tell a current check from one missed.
            var interval = context.RequestServices.GetService<IOptions<ReconcileOptions>>()?.Value.SampleInterval.TotalSeconds;
            return Results.Json(new
            {
                pipelines = metrics.Pipelines.Select(p => new
                {
                    name = p.Name,
                    kind = p.Kind,
                    subdomain = p.Subdomain,
                    applied = p.Applied,
                    skipped = p.Skipped,
                    deadLettered = p.DeadLettered,
                    retried = p.Retried,
                    lagSeconds = p.LagSeconds,
                    // When the lag was measured and how long ago (on the worker's clock, so a reader needs no synced clock).
                    lagAt = p.LagAt,
                    lagAgeSeconds = p.LagAge(now) is { } lagAge ? Math.Round(lagAge.TotalSeconds, 3) : (double?)null,
                    partitions = p.Partitions,
                    // When the group last changed what this worker holds: a lag measured before it is of partitions
                    // held before (the rollout's sync gate takes it as unknown). On the worker's clock, as the lag's age.
                    assignedAt = p.AssignedAt,
                    assignedAgeSeconds = p.AssignedAt is { } assigned ? Math.Round(Math.Max(0, (now - assigned).TotalSeconds), 3) : (double?)null,
                    consumerLag = p.ConsumerLag,
                    // When this worker last committed a batch (null before its first), and for how long it has not.
                    lastProgress = p.LastProgress,
                    sinceProgressSeconds = Math.Round(p.SinceProgress(now).TotalSeconds, 3),
                    stallAfterSeconds = p.StallAfter.TotalSeconds,
                    stalled = p.IsStalled(now),
                    // A partition the group has committed nothing on yet has offset null, not librdkafka's Offset.Unset (-1001).
                    committedOffsets = p.CommittedOffsets.Select(c => new { topic = c.Topic, partition = c.Partition, offset = c.IsSet ? c.Offset : (long?)null }),
                    kafka = Kafka(p.Kafka, seesTexts),
                    // The batch being retried after it failed (null while batches go through): since when, how often, why.
                    // Without the status token the error is named by its kind only (StatusAccess says why).
                    failing = p.Failing is { } f
                        ? new
                        {
                            since = f.Since, attempts = f.Attempts,
                            lastError = seesTexts ? f.LastError : $"{f.LastErrorKind}; the worker's log has the error",
                            lastErrorKind = f.LastErrorKind, lastErrorAt = f.LastErrorAt, nextAttemptAt = f.NextAttemptAt,
                        }
                        : null,
                }),
                // The continuous check's latest sample per projection (empty while it is off or has not run yet).
                drift = (context.RequestServices.GetService<DriftBoard>()?.Latest ?? []).Select(r => new
                {
                    projection = r.Projection,
                    at = r.At,
                    sampled = r.Sampled,
                    // Of sampled, the ids of the new store's documents (the rest legacy keys).
                    sampledFromNew = r.SampledFromNew,
                    differing = r.Differing,
                    // Of differing, those of the new store's documents.
                    differingFromNew = r.DifferingFromNew,
                    // The worse of the two halves' shares, not differing over sampled: a row with no document is only
                    // seen from legacy, a document with no row only from the store.
                    drift = Math.Round(r.Drift, 6),
                    intervalSeconds = interval,
                    // Set when the pipeline was still catching up: the differing keys may be changes on their way.
                    catchingUp = r.CatchingUp,
                    // How many of the pipeline's partitions this worker held as the check ended: at 0 it cannot tell a
                    // change on its way from drift, and the drift gate goes by a worker holding them.
                    partitions = r.Partitions,
                    // Why no keys were checked ("no partitions assigned"); null for a check that ran.
                    skipped = r.Skipped,
                }),
            });
        });
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        // Liveness stays "ok" during an outage (a restart would not bring the broker or the database back); readiness says it.
        endpoints.MapGet(ReadyPath, (SyncMetrics metrics) =>
        {
            var notReady = SyncReadiness.NotReady(metrics);
            return notReady.Count == 0
                ? Results.Text("ready")
                : Results.Text(string.Join("\n", notReady) + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        endpoints.MapReconcileReports();
        return endpoints;
    }

    // lastError is librdkafka's code name (Local_AllBrokersDown); the reason is its text, which names brokers.
    private static object Kafka(KafkaConnection kafka, bool seesTexts) => new
    {
        reachable = kafka.Reachable,
        since = kafka.Since,
        lastError = kafka.LastError,
        lastErrorReason = seesTexts || kafka.LastErrorReason is null ? kafka.LastErrorReason : "the worker's log has librdkafka's text",
        lastErrorAt = kafka.LastErrorAt,
    };
}
