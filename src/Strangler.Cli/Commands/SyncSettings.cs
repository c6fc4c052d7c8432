namespace Strangler.Cli.Commands;

/// <summary>
/// The settings <c>strangler sync --help</c> lists: without them a user had to read the source (or the README) to learn
/// that the worker needs <c>BootstrapServers</c> and its projections, or where its store goes.
/// </summary>
/// <remarks>A test holds this list to the worker's options, so a setting added there cannot go unlisted here.</remarks>
internal static class SyncSettings
{
    /// <summary>Each setting under <c>Strangler:Sync</c> (or a group of them) and what it is for, one per help line.</summary>
    public static readonly IReadOnlyList<(string Key, string Meaning)> Listed =
    [
        ("BootstrapServers", "Kafka's bootstrap servers, e.g. kafka:9092 (required unless UseMockCluster)"),
        ("UseMockCluster", "true: librdkafka's in-process mock cluster instead of a Kafka (the demo)"),
        ("Kafka:<librdkafka key>", "every Kafka client's settings: security.protocol, sasl.*, ssl.* (never logged)"),
        ("ConsumerKafka:<key>, ProducerKafka:<key>", "the same for the consumers only, the dead-letter producers only"),
        ("GroupIdPrefix, MaxBatchSize, FlushInterval", "consumer groups <prefix>.<projection>; batches (default strangler-sync, 500, 100 ms)"),
        ("Group:{SessionTimeout, HeartbeatInterval, MaxPollInterval, InstanceId}", "consumer-group membership"),
        ("StallAfter", "how long a pipeline with lag may go without a commit before it is flagged stalled (2 min)"),
        ("StatusToken", "the token that shows error texts on /_strangler/sync/status (the dashboard's SyncStatusToken; unset: kinds only)"),
        ("Store:{Kind, LiteDbPath, MongoConnectionString, MongoDatabase}", "the new service's store: litedb (default, customers.db) or mongodb"),
        ("Projections:<n>:{Name, Subdomain, Collection, Root, Children}", "the CDC projections: which tables' changes become which documents"),
        ("Capture:{Enabled, ConnectionString, Tables, TopicPrefix, Schema, PollInterval}", "the built-in SQLite capture (the demo)"),
        ("Echo:{Provider, ConnectionString}", "the legacy database whose changes by the backfill are skipped when they come back"),
        ("Tombstones:{Retention, PruneInterval, PruneBatchSize}", "how long deleted documents stay as tombstones (7 days)"),
        ("Backfill:{Provider, ConnectionString, Pipeline, Mappings, Consumer}", "domain events written back into the legacy database"),
        ("Reconcile:{Provider, ConnectionString, BatchSize, Concurrency, SampleSizePerMinute}", "comparing the store with the legacy database"),
        ("Reports:{Directory, AccessToken}", "where reconcile reports go, and the token strangler reconcile-report sends"),
    ];

    /// <summary>The list as help text: a heading, then one indented line per setting.</summary>
    public static string HelpText() =>
        "Settings, under Strangler:Sync (--Strangler:Sync:Key=value, appsettings.json, or Strangler__Sync__Key variables; "
        + "the README's 'Sync, data in' and 'Sync, data out' tell each in full):"
        + string.Concat(Listed.Select(s => $"\n  {s.Key}: {s.Meaning}"))
        + "\nLog levels: --Logging:LogLevel:<category>=Warning.";
}
