using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Consuming;

/// <summary>
/// Consumes a pipeline's topics in batches and hands them to an <see cref="IBatchHandler"/>: at-least-once, offsets
/// stored only after the handler (and any dead-lettering) succeeded, a failed batch retried in place with backoff.
/// </summary>
/// <remarks>
/// The blocking librdkafka loop runs on its own thread. While a batch is being retried its partitions are paused but
/// the consumer keeps polling, so it stays in the group and sees rebalances; messages of revoked partitions are
/// dropped from the buffer (the new owner reads them again from the committed offset), so nothing is skipped and
/// nothing is committed past an unhandled message.
/// </remarks>
internal sealed partial class KafkaBatchConsumer : BackgroundService
{
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    private readonly BatchConsumerOptions _options;
    private readonly IBatchHandler _handler;
    private readonly DeadLetterProducer _deadLetters;
    private readonly SyncMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _pending = [];
    private readonly MissingTopicWatch _missingTopics;
    private Error? _fatal;
    private bool _paused;

    public KafkaBatchConsumer(
        BatchConsumerOptions options,
        IBatchHandler handler,
        DeadLetterProducer deadLetters,
        SyncMetrics metrics,
        TimeProvider time,
        ILogger<KafkaBatchConsumer> logger)
    {
        _options = options;
        _handler = handler;
        _deadLetters = deadLetters;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _missingTopics = new MissingTopicWatch(options.Topics, options.MissingTopicGrace, time);
        metrics.Register(options.Pipeline, options.Kind, options.Subdomain);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        using var consumer = BuildConsumer();
        consumer.Subscribe(_options.Topics);
        LogStarted(_logger, _options.Pipeline, _options.GroupId, string.Join(',', _options.Topics));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                FillBatch(consumer, stoppingToken);
                if (_pending.Count > 0)
                {
                    HandleWithRetry(consumer, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: whatever was not handled keeps its offset unstored and is consumed again after restart.
        }
        finally
        {
            // Close commits the stored offsets and leaves the group at once, so a rebalance does not wait for a timeout.
            try
            {
                consumer.Close();
            }
            catch (KafkaException ex)
            {
                LogKafkaError(_logger, _options.Pipeline, ex.Error.IsFatal, ex.Error.Reason);
            }

            LogStopped(_logger, _options.Pipeline);
        }
    }

    private IConsumer<byte[]?, byte[]?> BuildConsumer()
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = _options.GroupId,
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = string.Equals(_options.AutoOffsetReset, "latest", StringComparison.OrdinalIgnoreCase)
                ? Confluent.Kafka.AutoOffsetReset.Latest
                : Confluent.Kafka.AutoOffsetReset.Earliest,
            ClientId = _options.Pipeline,
        };
        foreach (var (key, value) in _options.Kafka)
        {
            config.Set(key, value);
        }

        return new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetErrorHandler((_, error) => OnError(error))
            .SetPartitionsAssignedHandler((_, partitions) => LogAssigned(_logger, _options.Pipeline, string.Join(',', partitions)))
            .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((c, partitions) => OnRevoked(c, partitions.Select(p => p.TopicPartition)))
            .Build();
    }

    private void FillBatch(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var started = _time.GetTimestamp();
        while (_pending.Count < _options.MaxBatchSize)
        {
            ThrowIfFatal();
            stoppingToken.ThrowIfCancellationRequested();
            var remaining = _options.FlushInterval - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            var message = Consume(consumer, remaining < PollSlice ? remaining : PollSlice);
            if (message is not null)
            {
                _pending.Add(message);
            }

            foreach (var topic in _missingTopics.StillMissing(consumer.Handle))
            {
                LogTopicStillMissing(_logger, _options.Pipeline, topic, _missingTopics.Grace);
            }
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? Consume(IConsumer<byte[]?, byte[]?> consumer, TimeSpan timeout)
    {
        try
        {
            var result = consumer.Consume(timeout);
            return result is null || result.IsPartitionEOF ? null : result;
        }
        catch (ConsumeException ex) when (ex.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic)
        {
            // Not a warning yet: the watch warns if the topic is still missing after its grace period.
            if (_missingTopics.Report())
            {
                LogTopicNotYetAvailable(_logger, _options.Pipeline, ex.Error.Reason, _missingTopics.Grace);
            }

            return null;
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            LogConsumeError(_logger, _options.Pipeline, ex.Error.Reason);
            return null;
        }
    }

    private void HandleWithRetry(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var delay = _options.RetryInitialDelay;
        while (_pending.Count > 0)
        {
            ThrowIfFatal();
            var batch = _pending.Take(_options.MaxBatchSize).ToArray();
            try
            {
                var outcome = _handler.HandleAsync(batch, stoppingToken).GetAwaiter().GetResult();
                if (outcome.DeadLetters.Count > 0)
                {
                    _deadLetters.SendAsync(outcome.DeadLetters, stoppingToken).GetAwaiter().GetResult();
                    _metrics.DeadLettered(_options.Pipeline, _options.Kind, outcome.DeadLetters.Count);
                    foreach (var letter in outcome.DeadLetters)
                    {
                        LogDeadLettered(_logger, _options.Pipeline, letter.Message.TopicPartitionOffset.ToString(), letter.Reason);
                    }
                }

                StoreOffsets(consumer, batch);
                _pending.RemoveRange(0, batch.Length);
                ResumeIfPaused(consumer);
                ReportConsumerLag(consumer);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _metrics.Retried(_options.Pipeline, _options.Kind);
                LogBatchFailed(_logger, ex, _options.Pipeline, batch.Length, delay.TotalMilliseconds);
                PauseAndWait(consumer, delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RetryMaxDelay.Ticks));
            }
        }

        // Every buffered message was revoked while waiting: the partitions we still own must not stay paused.
        ResumeIfPaused(consumer);
    }

    /// <summary>Waits out a retry delay while still polling, so the group membership and rebalances stay serviced.</summary>
    private void PauseAndWait(IConsumer<byte[]?, byte[]?> consumer, TimeSpan delay, CancellationToken stoppingToken)
    {
        if (!_paused)
        {
            consumer.Pause(consumer.Assignment);
            _paused = true;
        }

        var started = _time.GetTimestamp();
        while (_time.GetElapsedTime(started) < delay)
        {
            stoppingToken.ThrowIfCancellationRequested();
            ThrowIfFatal();
            var remaining = delay - _time.GetElapsedTime(started);
            var message = Consume(consumer, remaining < PollSlice ? remaining : PollSlice);
            if (message is not null)
            {
                // Fetched before the pause took effect: later than everything buffered for its partition, so order holds.
                _pending.Add(message);
            }
        }
    }

    private void ResumeIfPaused(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_paused)
        {
            consumer.Resume(consumer.Assignment);
            _paused = false;
        }
    }

    private void StoreOffsets(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        // Only the last message of each partition matters; offsets are stored as "next to read".
        foreach (var last in batch.GroupBy(m => m.TopicPartition).Select(g => g.MaxBy(m => m.Offset.Value)!))
        {
            try
            {
                consumer.StoreOffset(last);
            }
            catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_State)
            {
                LogStoreSkipped(_logger, _options.Pipeline, last.TopicPartition.ToString());
            }
        }
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<TopicPartition> partitions)
    {
        var revoked = partitions.ToHashSet();
        var dropped = _pending.RemoveAll(m => revoked.Contains(m.TopicPartition));
        LogRevoked(_logger, _options.Pipeline, string.Join(',', revoked), dropped);
        try
        {
            // Commit what was handled before the partitions move, so the new owner starts right after it.
            consumer.Commit();
        }
        catch (KafkaException ex)
        {
            LogCommitOnRevokeFailed(_logger, _options.Pipeline, ex.Error.Reason);
        }
    }

    private void ReportConsumerLag(IConsumer<byte[]?, byte[]?> consumer)
    {
        long lag = 0;
        foreach (var partition in consumer.Assignment)
        {
            var watermarks = consumer.GetWatermarkOffsets(partition);
            var position = consumer.Position(partition);
            if (watermarks.High.Value >= 0 && position.Value >= 0)
            {
                lag += Math.Max(0, watermarks.High.Value - position.Value);
            }
        }

        _metrics.ConsumerLag(_options.Pipeline, _options.Kind, lag);
    }

    private void OnError(Error error)
    {
        if (error.IsFatal)
        {
            _fatal = error;
        }

        LogKafkaError(_logger, _options.Pipeline, error.IsFatal, error.Reason);
    }

    public override void Dispose()
    {
        base.Dispose();
        _deadLetters.Dispose();
    }

    private void ThrowIfFatal()
    {
        if (_fatal is { } fatal)
        {
            throw new KafkaException(fatal);
        }
    }
}
