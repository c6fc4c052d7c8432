namespace Strangler.Sync.Reconcile;

/// <summary>
/// Settings of reconciliation and bulk load (<c>Strangler:Sync:Reconcile</c>): where the legacy tables are, how big
/// a batch is, how many batches run at once, and the continuous sample the worker checks.
/// </summary>
public sealed record ReconcileOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Strangler:Sync:Reconcile";

    /// <summary>The legacy database engine: <c>sqlserver</c>, <c>postgres</c> or <c>sqlite</c>.</summary>
    public string Provider { get; init; } = string.Empty;

    /// <summary>Connection string of the legacy database (never logged).</summary>
    public string ConnectionString { get; init; } = string.Empty;

    /// <summary>
    /// Keys per batch (default 500): one query per table loads a batch's rows through a temporary table of its keys.
    /// A few hundred keeps each query short on a busy legacy database while the round trips stay few.
    /// </summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>
    /// Batches loaded at once, each on its own connection (default 4). A batch waiting for its recheck holds no
    /// connection: reconcile goes on with the batches after it.
    /// </summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>
    /// How long to wait before checking a differing key again (default 2 s): a change in flight through CDC lands
    /// meanwhile, so a busy table does not report what the pipeline was about to fix. Other batches run during the wait.
    /// </summary>
    public TimeSpan RecheckDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// PostgreSQL: the longest wait for transactions open when the log position is read to end (default 30 s); see
    /// <c>PostgresRowReader</c>. A position is only safe once every change before it is visible.
    /// </summary>
    public TimeSpan PositionWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a reconcile or load job saves its place, with its report synced to disk first (default 1 s; 0: after
    /// every batch). A job killed and started again redoes at most this much work, with the batches still waiting for their
    /// recheck (up to <see cref="RecheckDelay"/> of work), and the sync worker serves a running
    /// report up to the last save. Two writes to disk for every batch cost about 11 ms a batch on a loaded machine.
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most keys a reconcile or load job reads per second (default 0: as fast as <see cref="Concurrency"/> allows).
    /// A job that must run while the monolith serves its users takes what the legacy database can spare; the command
    /// lines' <c>--max-rate</c>. The worker's continuous check has its own rate, <see cref="SampleSizePerMinute"/>.
    /// </summary>
    public int MaxKeysPerSecond { get; init; }

    /// <summary>
    /// Keys of each projection the worker checks per minute, picked at random (default 0: the continuous check is off,
    /// because it reads the legacy database, which its owners must agree to). A rate, whatever
    /// <see cref="SampleInterval"/> is: each check takes its share of it, so the load agreed to stays the same.
    /// </summary>
    public int SampleSizePerMinute { get; init; }

    /// <summary>
    /// How often the worker's continuous check runs (default 1 minute; from 1 s to 24 h): each run takes
    /// <see cref="SampleSizePerMinute"/> × this ÷ 1 minute keys (rounded, at least 1) per projection. Shorter makes the
    /// drift figure fresher in smaller, more frequent reads (one random pick over the key column each); longer makes
    /// fewer, bigger ones. It must be longer than <see cref="RecheckDelay"/>, which a check that finds a difference
    /// waits before its recheck: checks never overlap, so a shorter interval could not be kept.
    /// </summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMinutes(1);
}
