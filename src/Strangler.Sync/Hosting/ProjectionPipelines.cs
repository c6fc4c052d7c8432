using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Sync.Consuming;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Echo;
using Strangler.Sync.Metrics;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Hosting;

/// <summary>
/// Runs one Kafka batch consumer per projection (from configuration and from registered
/// <see cref="IProjectionMapping"/> classes); fails the host's start when a projection is invalid.
/// </summary>
internal sealed class ProjectionPipelines(
    IOptions<SyncOptions> options,
    IEnumerable<IProjectionMapping> mappings,
    KafkaBootstrap kafka,
    IDocumentStore store,
    IEchoFilter echoFilter,
    SyncMetrics metrics,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : IHostedService, IDisposable
{
    private readonly List<KafkaBatchConsumer> _consumers = [];

    public IReadOnlyList<ProjectionOptions> Projections { get; } =
        [.. options.Value.Projections, .. mappings.Select(m => m.Define())];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var errors = ProjectionValidator.Validate(Projections, $"{SyncOptions.SectionName}:Projections (configuration, then mapping classes)");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid projections: " + string.Join("; ", errors));
        }

        var settings = options.Value;
        foreach (var projection in Projections)
        {
            var consumerOptions = new BatchConsumerOptions
            {
                Pipeline = projection.Name,
                Kind = "projection",
                Subdomain = projection.Subdomain,
                BootstrapServers = kafka.Servers,
                GroupId = $"{settings.GroupIdPrefix}.{projection.Name}",
                Topics = projection.Topics,
                MaxBatchSize = settings.MaxBatchSize,
                FlushInterval = settings.FlushInterval,
                Group = settings.Group,
                StallAfter = settings.StallAfter,
                Kafka = settings.Kafka,
                // The mock cluster creates a topic only when asked: the demo's consumers may start before the capture.
                ConsumerKafka = settings.UseMockCluster
                    ? new Dictionary<string, string>(settings.ConsumerKafka) { ["allow.auto.create.topics"] = "true" }
                    : settings.ConsumerKafka,
                ProducerKafka = settings.ProducerKafka,
            };
            var handler = new ProjectionHandler(
                new ChangeProjector(projection), store, echoFilter, metrics, time, loggers.CreateLogger<ProjectionHandler>());
            var consumer = new KafkaBatchConsumer(
                consumerOptions, handler, DeadLetterProducer.For(consumerOptions, loggers), metrics, time, loggers.CreateLogger<KafkaBatchConsumer>(), loggers);
            _consumers.Add(consumer);
            await consumer.StartAsync(cancellationToken);
            // The consumers are not registered with the host, so a fatal Kafka error would otherwise stop one silently.
            _ = consumer.ExecuteTask?.ContinueWith(
                task => PipelineFailed(loggers.CreateLogger<ProjectionPipelines>(), task.Exception!, projection.Name, lifetime),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private static void PipelineFailed(ILogger logger, Exception exception, string pipeline, IHostApplicationLifetime lifetime)
    {
        ProjectionPipelinesLog.Failed(logger, exception, pipeline);
        lifetime.StopApplication();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_consumers.Select(c => c.StopAsync(cancellationToken)));
    }

    public void Dispose()
    {
        foreach (var consumer in _consumers)
        {
            consumer.Dispose();
        }

        // Registered both as itself and as a hosted service, so the container may dispose it twice.
        _consumers.Clear();
    }
}
