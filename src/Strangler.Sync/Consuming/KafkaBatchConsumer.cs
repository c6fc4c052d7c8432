using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strangler.Kafka;
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
    private readonly SecretSettings _secrets;
    private readonly PipelineStats _stats;
    private readonly KafkaClientLog _clientLog;
    private Error? _fatal;
    private bool _paused;
    private bool _stored;
    private bool _assignmentChanged;
    private long _lagReported;
    private long _commitRetried;

    public KafkaBatchConsumer(
        BatchConsumerOptions options,
        IBatchHandler handler,
        DeadLetterProducer deadLetters,
        SyncMetrics metrics,
        TimeProvider time,
        ILogger<KafkaBatchConsumer> logger,
        ILoggerFactory loggers)
    {
        _options = options;
        _handler = handler;
        _deadLetters = deadLetters;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _missingTopics = new MissingTopicWatch(options.Topics, options.MissingTopicGrace, time);
        _secrets = new SecretSettings(KafkaClientSettings.ForConsumer(options.Kafka, options.ConsumerKafka));
        _clientLog = KafkaClientLog.For(loggers, KafkaLogCategories.SyncConsumer, KafkaClientSettings.ForConsumer(options.Kafka, options.ConsumerKafka), time);
        _stats = metrics.Register(options.Pipeline, options.Kind, options.Subdomain, options.StallAfter);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        using var consumer = BuildConsumer();
        consumer.Subscribe(_options.Topics);
        LogStarted(_logger, _options.Pipeline, _options.GroupId, string.Join(',', _options.Topics));
        if (string.IsNullOrWhiteSpace(_options.Subdomain))
        {
            // Nothing else fails: the rollout's sync-lag gate and the dashboard just never count the pipeline, so a
            // canary could be promoted while it lags.
            LogNoSubdomain(_logger, _options.Pipeline, _options.Kind == "backfill" ? "Strangler:Sync:Backfill:Consumer:Subdomain" : "its projection's Subdomain");
        }

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
            // Close leaves the group at once (a dynamic member), so a rebalance does not wait for a timeout. Every
            // handled batch was committed already; this only catches one whose commit failed.
            try
            {
                CommitStored(consumer);
                consumer.Close();
            }
            catch (KafkaException ex)
            {
                LogCloseFailed(_logger, _options.Pipeline, ex.Error.IsFatal, _secrets.Redact(ex.Error.Reason));
            }

            LogStopped(_logger, _options.Pipeline);
        }
    }

    private IConsumer<byte[]?, byte[]?> BuildConsumer() =>
        new ConsumerBuilder<byte[]?, byte[]?>(ConsumerConfigFor(_options))
            // librdkafka's own lines; its errors go to OnError, which feeds the status and the fatal stop, then logs them
            // as every other client's are.
            .SetLogHandler((_, message) => _clientLog.OnLog(message))
            .SetErrorHandler((client, error) => OnError(client.Name, error))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((c, partitions) => OnRevoked(c, partitions.Select(p => p.TopicPartition)))
            .Build();

    /// <summary>The consumer's librdkafka settings: built-in, group, then the pipeline's shared and consumer-only ones.</summary>
    internal static ConsumerConfig ConsumerConfigFor(BatchConsumerOptions options)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            // Each batch is committed as soon as its write committed (CommitStored), not on a 5 s timer: a worker that
            // dies sooner than that, again and again, would otherwise re-read everything since its first start.
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = string.Equals(options.AutoOffsetReset, "latest", StringComparison.OrdinalIgnoreCase)
                ? Confluent.Kafka.AutoOffsetReset.Latest
                : Confluent.Kafka.AutoOffsetReset.Earliest,
            ClientId = options.Pipeline,
            SessionTimeoutMs = (int)options.Group.SessionTimeout.TotalMilliseconds,
            HeartbeatIntervalMs = (int)options.Group.HeartbeatInterval.TotalMilliseconds,
            MaxPollIntervalMs = (int)options.Group.MaxPollInterval.TotalMilliseconds,
        };
        if (!string.IsNullOrEmpty(options.Group.InstanceId))
        {
            // Unique per group even if two pipelines were given the same group id.
            config.GroupInstanceId = $"{options.Group.InstanceId}.{options.Pipeline}";
        }

        foreach (var (key, value) in KafkaClientSettings.ForConsumer(options.Kafka, options.ConsumerKafka))
        {
            config.Set(key, value);
        }

        return config;
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

            var look = _missingTopics.Look(consumer.Handle);
            foreach (var topic in look.StillMissing)
            {
                LogTopicStillMissing(_logger, _options.Pipeline, topic, _missingTopics.Grace);
            }

            if (look.Appeared.Count > 0)
            {
                // The same subscription again: librdkafka rejoins the group with fresh metadata, so the new topic's
                // partitions are assigned now, not at its next metadata refresh (5 minutes by default).
                LogTopicAppeared(_logger, _options.Pipeline, string.Join(',', look.Appeared));
                consumer.Subscribe(_options.Topics);
            }
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? Consume(IConsumer<byte[]?, byte[]?> consumer, TimeSpan timeout)
    {
        // Outside the rebalance callbacks, which run inside Consume and should not wait on the broker.
        ProbeIfQuiet(consumer);
        RetryCommitEvery(consumer);
        ReadCommittedIfAssigned(consumer);
        ReportConsumerLagEvery(consumer);
        try
        {
            var result = consumer.Consume(timeout);
            if (result is not null)
            {
                Contact();
            }

            return result is null || result.IsPartitionEOF ? null : result;
        }
        catch (ConsumeException ex) when (ex.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic)
        {
            // Not a warning yet: the watch warns if the topic is still missing after its grace period.
            if (_missingTopics.Report(ex.Error.Reason))
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
                    var sent = _deadLetters.SendAsync(outcome.DeadLetters, stoppingToken).GetAwaiter().GetResult();
                    _metrics.DeadLettered(_options.Pipeline, _options.Kind, sent.Count);
                    // One line per dead letter: one its handler logged already is not said again.
                    foreach (var letter in sent.Where(l => !l.Logged))
                    {
                        LogDeadLettered(_logger, _options.Pipeline, letter.Source, letter.Reason);
                    }
                }

                StoreOffsets(consumer, batch);
                _pending.RemoveRange(0, batch.Length);
                CommitStored(consumer);
                Recovered(batch.Length);
                ResumeIfPaused(consumer);
                ReportConsumerLag(consumer);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _metrics.Retried(_options.Pipeline, _options.Kind);
                Failed(ex, batch.Length, delay);
                PauseAndWait(consumer, delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RetryMaxDelay.Ticks));
            }
        }

        // Every buffered message was revoked while waiting: the batch is its new owner's, and the partitions we still
        // own must not stay paused.
        _stats.Failing = null;
        ResumeIfPaused(consumer);
    }

    /// <summary>
    /// Records a failed attempt for the status, the gauge and readiness. The log gets the exception with its stack
    /// trace at the first failure and when the error changes; a retry that fails the same way gets one line without
    /// it. Before, each retry logged the whole trace: eight of them in a 30 s database outage, one per 30 s after.
    /// </summary>
    private void Failed(Exception ex, int count, TimeSpan delay)
    {
        var now = _time.GetUtcNow();
        var error = _secrets.Redact(ex.Message);
        var previous = _stats.Failing;
        var failure = new BatchFailure(previous?.Since ?? now, (previous?.Attempts ?? 0) + 1, error, now, now + delay, ErrorKind.Of(ex));
        _stats.Failing = failure;
        if (previous is null || previous.LastError != error)
        {
            LogBatchFailed(_logger, ex, _options.Pipeline, count, delay.TotalMilliseconds);
        }
        else
        {
            LogBatchFailedAgain(_logger, _options.Pipeline, count, failure.Attempts, Seconds(now - failure.Since), error, delay.TotalMilliseconds);
        }
    }

    /// <summary>Says once that a batch that had failed went through: the warnings stop, and this says why.</summary>
    private void Recovered(int count)
    {
        if (_stats.Failing is { } failure)
        {
            _stats.Failing = null;
            LogBatchRecovered(_logger, _options.Pipeline, count, failure.Attempts, Seconds(_time.GetUtcNow() - failure.Since));
        }
    }

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 1);

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

    /// <remarks>
    /// Logged as every Kafka client's errors are (<see cref="KafkaClientLog.OnError"/>), under the consumer's Kafka
    /// category: a transient one as a warning, one per error kind per interval, since librdkafka retries it itself and
    /// an outage that lasts shows in the status and readiness (<c>kafka.reachable</c>); a fatal one as an error, as the
    /// pipeline stops on it. It had its own line before, at Error for every transient error too, which made a broker
    /// restart look like a failure of the worker.
    /// </remarks>
    private void OnError(string client, Error error)
    {
        if (error.IsFatal)
        {
            _fatal = error;
        }

        var unreachable = MeansUnreachable(error.Code);
        KafkaFailed(error, unreachable);
        if (!unreachable)
        {
            // One broker of several, or the start of an outage: the next poll asks the cluster which it is.
            _lastContact = 0;
        }

        _clientLog.OnError(client, error);
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
