using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Strangler.Sync.Hosting;

/// <summary>
/// Resolves the Kafka address: the configured servers, or an in-process librdkafka mock cluster started on first use
/// (kept alive as long as the worker, since the cluster lives inside the client that created it).
/// </summary>
internal sealed partial class KafkaBootstrap(IOptions<SyncOptions> options, ILogger<KafkaBootstrap> logger) : IDisposable
{
    private readonly Lazy<(IProducer<byte[], byte[]>? Owner, string Servers)> _resolved = new(() => Resolve(options.Value, logger));

    public string Servers => _resolved.Value.Servers;

    public void Dispose()
    {
        if (_resolved.IsValueCreated)
        {
            _resolved.Value.Owner?.Dispose();
        }
    }

    private static (IProducer<byte[], byte[]>?, string) Resolve(SyncOptions options, ILogger logger)
    {
        if (!options.UseMockCluster)
        {
            return (null, options.BootstrapServers);
        }

        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", "1");
        var owner = new ProducerBuilder<byte[], byte[]>(config).Build();
        using var admin = new DependentAdminClientBuilder(owner.Handle).Build();
        var brokers = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers;
        var servers = string.Join(',', brokers.Select(b => $"{b.Host}:{b.Port}"));
        LogMockCluster(logger, servers);
        return (owner, servers);
    }

    // Other demo processes (e.g. a service's outbox) point their Kafka clients at this address.
    [LoggerMessage(Level = LogLevel.Information, Message = "In-process Kafka mock cluster listening at {Servers}")]
    private static partial void LogMockCluster(ILogger logger, string servers);
}
