using Strangler.Sync.Capture;
using Strangler.Sync.Consuming;
using Strangler.Sync.Echo;
using Strangler.Sync.Projection;
using Strangler.Sync.Tombstones;

namespace Strangler.Sync.Hosting;

/// <summary>The sync worker's settings, bound from the <c>Strangler:Sync</c> configuration section.</summary>
public sealed record SyncOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Strangler:Sync";

    /// <summary>Kafka bootstrap servers; required unless <see cref="UseMockCluster"/>.</summary>
    public string BootstrapServers { get; init; } = string.Empty;

    /// <summary>Start librdkafka's in-process mock cluster and use it (the demo: no Kafka to install).</summary>
    public bool UseMockCluster { get; init; }

    /// <summary>Consumer groups are named <c>&lt;prefix&gt;.&lt;projection name&gt;</c>.</summary>
    public string GroupIdPrefix { get; init; } = "strangler-sync";

    /// <summary>The most messages per batch.</summary>
    public int MaxBatchSize { get; init; } = 500;

    /// <summary>How long a batch waits to fill.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Extra librdkafka settings for every client (bootstrap, security); never logged. A key librdkafka documents as
    /// consumer-only or producer-only goes only to that kind of client.
    /// </summary>
    public IReadOnlyDictionary<string, string> Kafka { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra librdkafka settings for the pipelines' consumers only, applied last; never logged.</summary>
    public IReadOnlyDictionary<string, string> ConsumerKafka { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra librdkafka settings for the dead-letter producers only, applied last; never logged.</summary>
    public IReadOnlyDictionary<string, string> ProducerKafka { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Consumer group membership of every pipeline (<c>Strangler:Sync:Group</c>): session timeout (10 s), heartbeat
    /// (3 s), max poll interval (2 min), and an optional instance id for static membership.
    /// </summary>
    public ConsumerGroupOptions Group { get; init; } = new();

    /// <summary>
    /// How long a pipeline with lag may go without committing a batch before the status, metrics and dashboard flag
    /// it as stalled (default 2 minutes).
    /// </summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The bearer token that shows a caller of the status endpoint the text of each pipeline's last error (16 printable
    /// ASCII characters or more; give the same to the dashboard, <c>Strangler:Dashboard:SyncStatusToken</c>). Those
    /// texts can name Kafka's or the legacy database's host, port or user, so without the token the status names each
    /// error by kind only, as <c>/readyz</c> does, and a wrong one is refused (401). Unset: kinds only. Never logged.
    /// </summary>
    public string? StatusToken { get; init; }

    /// <summary>The document store.</summary>
    public StoreOptions Store { get; init; } = new();

    /// <summary>Projections declared in configuration (more can come from <see cref="IProjectionMapping"/> classes).</summary>
    public IReadOnlyList<ProjectionOptions> Projections { get; init; } = [];

    /// <summary>The built-in SQLite capture (demo only).</summary>
    public CaptureOptions Capture { get; init; } = new();

    /// <summary>
    /// The echo filter (<c>Strangler:Sync:Echo:Provider</c>, <c>Strangler:Sync:Echo:ConnectionString</c>): with Debezium
    /// on a legacy database that the backfill also writes, skips the backfill's own changes. When unset, it reads the
    /// legacy database of the backfill running in this worker, if any; <c>Provider: none</c> turns it off.
    /// </summary>
    public EchoOptions Echo { get; init; } = new();

    /// <summary>How long deleted documents stay as tombstones, and how they are pruned (<c>Strangler:Sync:Tombstones</c>).</summary>
    public TombstoneOptions Tombstones { get; init; } = new();
}
