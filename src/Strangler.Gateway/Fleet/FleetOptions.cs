namespace Strangler.Gateway.Fleet;

/// <summary>
/// A fleet of gateway replicas sharing one route state, bound from <c>Strangler:Gateway:Fleet</c>. Without
/// <see cref="Store"/> the gateway runs alone on its routes directory (the default).
/// </summary>
public sealed record FleetOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Strangler:Gateway:Fleet";

    /// <summary>
    /// The shared route store: <c>postgres</c> or <c>sqlserver</c> (tables made by <c>strangler migrate</c>). Empty
    /// (default): no fleet, the routes directory is the truth.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>The store's connection string. Required with <see cref="Store"/>; never logged.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// This replica's name in heartbeats, published figures and leases. Default: the host name and the ports it is
    /// configured to listen on (<c>gw-host-5100</c>), the same after a restart on that host (so a crashed replica that
    /// comes back is the same replica again, not a new one beside an old id silent until gone) and distinct for several
    /// replicas on one host (two cannot listen on one port). Where the ports cannot be known before the server starts
    /// (none configured, port 0, a unix socket), the host name and process id, as before: unique, but new at each start.
    /// </summary>
    public string? ReplicaId { get; init; }

    /// <summary>The address other people reach this replica at, shown by <c>strangler routes replicas</c>.</summary>
    public string? Address { get; init; }

    /// <summary>
    /// File holding the last route state this replica received, served when the store is unreachable at start.
    /// Default <c>strangler-route-state-&lt;replica id&gt;.json</c> in the temp directory; mount a volume for restarts.
    /// </summary>
    public string? CacheFile { get; init; }

    /// <summary>
    /// How often SQL Server is asked for the state's revision (a one-row primary-key read): a flip reaches every
    /// replica within about this long. PostgreSQL is told at once by LISTEN/NOTIFY and does not poll. Default 250 ms.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often a PostgreSQL replica checks its listening connection (and the revision, in case a notification was
    /// lost); also how stale a healthy replica's state can be reported. Default 1 second.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts to reach a store that went away. Default 2 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long start-up waits for the store before serving the cached state instead. Default 5 seconds.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The deadline of each statement this replica sends on its own (the listener's keep-alive, state and revision
    /// reads, heartbeat, traffic, leases; opening a connection included): a store that hangs without closing the
    /// connection is reported unreachable after about this long, plus the driver's 2 s attempt to cancel, instead of
    /// the driver's 30 s. A flip's commit keeps the driver's timeout: cut off between COMMIT and its answer, it could
    /// not tell whether the change was made. Default 5 seconds; these statements answer in under 5 ms from PostgreSQL on
    /// the same machine. A lease is safe at any value (its holder counts its hold from when the renewal was sent), but
    /// keep this under half of <see cref="LeaseDuration"/> to keep a lease held through a store that is slow yet
    /// answers: a renewal is sent a third of the duration after the previous one, whose hold ends at 90 % of it.
    /// </summary>
    public TimeSpan StoreTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often this replica writes its heartbeat. Default 5 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often this replica publishes its rolling traffic figures to the store for the fleet-wide dashboard (one small
    /// row upserted); a replica's figures older than three intervals are left out of the sum. Default 5 seconds.
    /// </summary>
    public TimeSpan TrafficPublishInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a replica that stopped publishing its traffic figures without leaving (it crashed, froze, or lost the
    /// store) holds the fleet's rollouts back. While it is silent, the <c>rollout</c> lease holder does not promote (it
    /// may be serving traffic nobody counts) but still rolls back on the others' evidence; silent longer than this, it
    /// is considered gone, so a crashed replica cannot hold promotion for ever. A replica that stops cleanly marks its
    /// rows as left (its last figures still count in their window) and is never silent. Default 5 minutes; more than three <see cref="TrafficPublishInterval"/>s.
    /// </summary>
    public TimeSpan ReplicaGoneAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the store keeps the heartbeat and traffic rows of a replica that stopped without leaving (crashed,
    /// killed, its node lost) and never came back under its id: after this long without a heartbeat (or a publication)
    /// the running replicas delete them, so <c>routes replicas</c> and the fleet panel stop listing it <c>GONE</c>. Must
    /// be longer than <see cref="ReplicaGoneAfter"/> plus the longest gate window (15 minutes) and three
    /// <see cref="TrafficPublishInterval"/>s, so a crashed replica is named gone by the rollout gates before its row goes,
    /// and at most 7 days. Default 24 hours: a day for someone to see which replica died.
    /// </summary>
    public TimeSpan ForgetReplicaAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a fleet-wide job's lease lasts without renewal (renewed every third of it): when the holder stops,
    /// another replica takes the job over within about this long. Default 15 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether a shared store is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Store);

    /// <summary>The replica id actually used.</summary>
    public string EffectiveReplicaId => string.IsNullOrWhiteSpace(ReplicaId)
        ? DefaultId
        : ReplicaId;

    /// <summary>The id this replica has when <see cref="ReplicaId"/> is not set.</summary>
    internal string DefaultId => DefaultReplicaId(Environment.MachineName, ListeningOn, Environment.ProcessId);

    /// <summary>The ports the host is configured to listen on (<see cref="Fleet.ListenPorts"/>), set as the options are built.</summary>
    internal IReadOnlyList<int>? ListeningOn { get; set; }

    /// <summary>The cache file actually used.</summary>
    public string EffectiveCacheFile => string.IsNullOrWhiteSpace(CacheFile)
        ? Path.Combine(Path.GetTempPath(), $"strangler-route-state-{string.Concat(EffectiveReplicaId.Select(c => char.IsLetterOrDigit(c) ? c : '_'))}.json")
        : CacheFile;

    internal static string DefaultReplicaId(string host, IReadOnlyList<int>? ports, int processId) =>
        ports is { Count: > 0 } ? $"{host}-{string.Join('-', ports)}" : $"{host}-{processId}";
}
