namespace Strangler.Kafka;

/// <summary>
/// The logger categories of the Kafka clients' own lines (<see cref="KafkaClientLog"/>), one per component and client
/// role, so that <c>Logging:LogLevel:Strangler.Sync.Kafka</c> raises or lowers all of a component's at once and
/// <c>Logging:LogLevel:Strangler.Sync.Kafka.Consumer</c> one role's.
/// </summary>
internal static class KafkaLogCategories
{
    /// <summary>The sync worker's pipeline consumers, and the load's and the diagnosis' offset readers.</summary>
    public const string SyncConsumer = "Strangler.Sync.Kafka.Consumer";

    /// <summary>The sync worker's dead-letter producers, its capture publisher and the dead-letter replay.</summary>
    public const string SyncProducer = "Strangler.Sync.Kafka.Producer";

    /// <summary>Admin clients of the sync worker and the load.</summary>
    public const string SyncAdmin = "Strangler.Sync.Kafka.Admin";

    /// <summary>The client that owns an in-process mock cluster (<c>UseMockCluster</c>, <c>strangler dev kafka</c>).</summary>
    public const string SyncMockCluster = "Strangler.Sync.Kafka.MockCluster";

    /// <summary>The outbox relay's producer.</summary>
    public const string OutboxProducer = "Strangler.Outbox.Kafka.Producer";

    /// <summary>The demo's own clients (its events topic, its diagnosis of a held projection).</summary>
    public const string Demo = "Strangler.Cli.Kafka.Demo";
}
