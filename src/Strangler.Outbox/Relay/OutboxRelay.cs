using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Kafka;

namespace Strangler.Outbox.Relay;

/// <summary>
/// Publishes staged events to Kafka in staging order, keyed by subject, with an idempotent producer (acks=all), and
/// marks each sent only after the broker acknowledged it. A crash after the publish and before the mark publishes
/// the event again: delivery is at least once, and consumers deduplicate by event id.
/// </summary>
internal sealed partial class OutboxRelay : BackgroundService
{
    private readonly IOutboxStore _store;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxRelay> _logger;
    private readonly ILoggerFactory _loggers;
    private readonly Lazy<IProducer<string, string>> _producer;

    public OutboxRelay(IOutboxStore store, IOptions<OutboxOptions> options, TimeProvider timeProvider, ILoggerFactory loggers)
    {
        _store = store;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = loggers.CreateLogger<OutboxRelay>();
        _loggers = loggers;
        _producer = new Lazy<IProducer<string, string>>(BuildProducer);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = _options.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishPendingAsync(stoppingToken);
                backoff = _options.PollInterval;
                if (published == 0)
                {
                    _store.PruneSent(_timeProvider.GetUtcNow() - _options.RetainSent);
                    await Task.Delay(_options.PollInterval, _timeProvider, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPublishFailed(ex, _options.Topic, backoff.TotalMilliseconds);
                await Task.Delay(backoff, _timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>Publishes one round of pending events; returns how many were acknowledged.</summary>
    internal async Task<int> PublishPendingAsync(CancellationToken cancellationToken)
    {
        var pending = _store.FetchPending(_options.BatchSize);
        if (pending.Count == 0)
        {
            return 0;
        }
        // All of the round in flight at once; the idempotent producer keeps their order within a partition.
        var deliveries = pending.Select(p => _producer.Value.ProduceAsync(_options.Topic, new Message<string, string>
        {
            Key = p.Event.Subject,
            Value = JsonSerializer.Serialize(p.Event),
        }, cancellationToken)).ToList();
        var acknowledged = new List<long>(pending.Count);
        Exception? failure = null;
        for (var i = 0; i < deliveries.Count; i++)
        {
            try
            {
                await deliveries[i];
                acknowledged.Add(pending[i].Sequence);
            }
            catch (Exception ex) when (ex is ProduceException<string, string> or KafkaException)
            {
                failure ??= ex;
            }
        }
        _store.MarkSent(acknowledged, _timeProvider.GetUtcNow());
        LogPublished(acknowledged.Count, _options.Topic);
        if (failure is not null)
        {
            throw new InvalidOperationException($"{pending.Count - acknowledged.Count} outbox events were not acknowledged.", failure);
        }
        return acknowledged.Count;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
        base.Dispose();
    }

    private IProducer<string, string> BuildProducer()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        };
        foreach (var (key, value) in _options.Kafka)
        {
            config.Set(key, value);
        }
        return new ProducerBuilder<string, string>(config)
            .LogTo(KafkaClientLog.For(_loggers, KafkaLogCategories.OutboxProducer, config, _timeProvider)).Build();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox relay published {Count} events to {Topic}")]
    private partial void LogPublished(int count, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay could not publish to {Topic}; retrying in {DelayMs} ms")]
    private partial void LogPublishFailed(Exception exception, string topic, double delayMs);
}
