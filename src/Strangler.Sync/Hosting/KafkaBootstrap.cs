using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Strangler.Sync.Hosting;

/// <summary>
/// Resolves the Kafka address: the configured servers, or an in-process librdkafka mock cluster started on first use
/// (kept alive as long as the worker, since the cluster lives inside the client that created it).
/// </summary>
internal sealed partial class KafkaBootstrap(IOptions<SyncOptions> options, ILoggerFactory loggers) : IDisposable
{
    private readonly Lazy<(MockKafkaCluster? Cluster, string Servers)> _resolved = new(() => Resolve(options.Value, loggers));

    public string Servers => _resolved.Value.Servers;

    public void Dispose()
    {
        if (_resolved.IsValueCreated)
        {
            _resolved.Value.Cluster?.Dispose();
        }
    }

    private static (MockKafkaCluster?, string) Resolve(SyncOptions options, ILoggerFactory loggers)
    {
        if (!options.UseMockCluster)
        {
            return (null, options.BootstrapServers);
        }

        // Immediate rebalance: the mock broker otherwise holds every new group's first join for 3 s. A group whose
        // topic appears after the worker started forms only then: the demo's backfill, before the demo created its
        // topic up front, delivered the first write-back 3.5-4.4 s after the write (0.9-1.4 s without the wait).
        // A development broker has no reason to wait (see MockKafkaCluster).
        var cluster = new MockKafkaCluster(immediateRebalance: true, loggers: loggers);
        var servers = cluster.BootstrapServers;
        LogMockCluster(loggers.CreateLogger<KafkaBootstrap>(), servers);
        return (cluster, servers);
    }

    // Other demo processes (e.g. a service's outbox) point their Kafka clients at this address.
    [LoggerMessage(Level = LogLevel.Information, Message = "In-process Kafka mock cluster listening at {Servers}")]
    private static partial void LogMockCluster(ILogger logger, string servers);
}
