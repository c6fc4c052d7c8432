namespace Strangler.Sync.Backfill;

/// <summary>
/// Settings of the backfill: the legacy database and the mapping per event type (section
/// <c>Strangler:Sync:Backfill</c>: the backfill runs in the sync worker, beside the projections).
/// </summary>
public sealed record BackfillOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Strangler:Sync:Backfill";

    /// <summary>
    /// Where the settings lived before they moved under <c>Strangler:Sync</c>; still read, with a warning naming
    /// <see cref="SectionName"/>, when <see cref="SectionName"/> is absent. To be dropped in the next release.
    /// </summary>
    internal const string FormerSectionName = "Strangler:Backfill";

    /// <summary>
    /// The pipeline name for logs, metrics and the status endpoint, e.g. <c>orders-backfill</c>. Unset, it is
    /// <c>&lt;Consumer:Subdomain&gt;-backfill</c>, or <c>backfill</c> when no sub-domain is set either.
    /// </summary>
    public string Pipeline { get; init; } = "";

    /// <summary>The legacy database engine: <c>sqlserver</c>, <c>postgres</c> or <c>sqlite</c>.</summary>
    public string Provider { get; init; } = "";

    /// <summary>Connection string of the legacy database (never logged).</summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>Declared mappings, by event type.</summary>
    public IReadOnlyDictionary<string, EventMappingOptions> Mappings { get; init; } = new Dictionary<string, EventMappingOptions>();

    /// <summary>
    /// What to do with an event type that has no mapping: <c>deadletter</c> (default: a new event type is noticed) or
    /// <c>skip</c> (events the legacy database does not need).
    /// </summary>
    public string Unmapped { get; init; } = "deadletter";

    /// <summary>
    /// How long the id of an applied event is kept for the duplicate check (default 7 days). Kafka redelivers only what
    /// came after the last committed offset, minutes at most; an event redelivered after its id was pruned is still
    /// skipped by the per-row high-water mark unless it is the newest event of its rows; then its values are written again.
    /// </summary>
    public TimeSpan AppliedEventRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a sync-origin marker is kept (default 1 day). Capture must be past a marker's transaction before it
    /// goes: a change captured later than this is no longer recognised as the backfill's own and is projected again.
    /// On PostgreSQL the marker is a 32-bit transaction id, which wraps around; pruning also keeps an old marker from
    /// matching a new, unrelated transaction.
    /// </summary>
    public TimeSpan SyncOriginRetention { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How often the pruner deletes bookkeeping rows past their retention (default every 10 minutes).</summary>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Rows deleted per statement, so that no prune holds locks on the legacy database for long (default 5000).</summary>
    public int PruneBatchSize { get; init; } = 5000;

    /// <summary>These options with <see cref="Pipeline"/> filled in when unset, from the consumer's <paramref name="subdomain"/>.</summary>
    internal BackfillOptions WithPipelineFor(string subdomain) =>
        !string.IsNullOrWhiteSpace(Pipeline) ? this
        : this with { Pipeline = string.IsNullOrWhiteSpace(subdomain) ? "backfill" : $"{subdomain}-backfill" };
}
