using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Strangler.Kafka;
using Strangler.Sync.Consuming;

namespace Strangler.Sync.DeadLetters;

/// <summary>
/// Writes given-up messages to <c>&lt;source topic&gt;.dlq</c> with their original key, value and headers, plus the
/// reason and source coordinates in headers; returns only once Kafka acknowledged every one.
/// </summary>
internal sealed class DeadLetterProducer : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer;

    /// <summary>
    /// A producer with the settings of <paramref name="kafka"/> meant for producers (a consumer-only key there is left
    /// out, see <see cref="KafkaClientSettings"/>), then those of <paramref name="producerKafka"/>; its own lines go to
    /// <paramref name="loggers"/> (<see cref="KafkaLogCategories.SyncProducer"/>).
    /// </summary>
    public DeadLetterProducer(
        string bootstrapServers, IReadOnlyDictionary<string, string>? kafka = null, IReadOnlyDictionary<string, string>? producerKafka = null,
        ILoggerFactory? loggers = null)
    {
        var config = Config(bootstrapServers, kafka, producerKafka);
        _producer = new ProducerBuilder<byte[]?, byte[]?>(config).LogTo(KafkaClientLog.For(loggers, KafkaLogCategories.SyncProducer, config)).Build();
    }

    /// <summary>The dead-letter producer of a pipeline: its servers, its shared settings and its producer-only ones.</summary>
    public static DeadLetterProducer For(BatchConsumerOptions options, ILoggerFactory loggers) =>
        new(options.BootstrapServers, options.Kafka, options.ProducerKafka, loggers);

    internal static ProducerConfig Config(
        string bootstrapServers, IReadOnlyDictionary<string, string>? kafka, IReadOnlyDictionary<string, string>? producerKafka)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            ClientId = "strangler-dlq",
        };
        var none = new Dictionary<string, string>();
        foreach (var (key, value) in KafkaClientSettings.ForProducer(kafka ?? none, producerKafka ?? none))
        {
            config.Set(key, value);
        }

        return config;
    }

    /// <summary>
    /// Produces every dead letter; throws if any is not acknowledged (the caller retries the batch). Returns the dead
    /// letters as sent: one too large for the dead-letter topic is sent without its value, saying so in its reason.
    /// </summary>
    public async Task<IReadOnlyList<DeadLetter>> SendAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        var deliveries = deadLetters.Select(d => SendOneAsync(d, cancellationToken)).ToList();
        return await Task.WhenAll(deliveries);
    }

    private async Task<DeadLetter> SendOneAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        var topic = DeadLetterHeaders.TopicFor(deadLetter.Message.Topic);
        try
        {
            await _producer.ProduceAsync(topic, ToMessage(deadLetter), cancellationToken);
            return deadLetter;
        }
        catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code is ErrorCode.MsgSizeTooLarge)
        {
            // Retrying cannot help: the pipeline would stop at this message for good. The key and the coordinates
            // still let the operator find the message in its source topic, while that topic's retention keeps it.
            var slim = WithoutValue(deadLetter, topic);
            await _producer.ProduceAsync(topic, ToMessage(slim, keepValue: false), cancellationToken);
            return slim;
        }
    }

    private static DeadLetter WithoutValue(DeadLetter deadLetter, string topic)
    {
        var source = deadLetter.Message;
        var size = (source.Message.Value?.LongLength ?? 0).ToString(CultureInfo.InvariantCulture);
        // Logged again by the consumer even when its handler logged it: the line said before has no word of the value lost.
        return deadLetter with
        {
            Reason = $"{deadLetter.Reason} [value not kept: the message ({size} bytes) is too large for {topic}; "
                + $"read it at {deadLetter.Source} before that topic's retention removes it]",
            Logged = false,
        };
    }

    internal static Message<byte[]?, byte[]?> ToMessage(DeadLetter deadLetter, bool keepValue = true)
    {
        var source = deadLetter.Message;
        var headers = new Headers();
        // Without its value a dead letter keeps none of its own headers either: they may be what made it too large.
        foreach (var header in keepValue ? source.Message.Headers ?? [] : [])
        {
            // A message dead-lettered twice keeps only its latest reason and coordinates.
            if (!DeadLetterHeaders.IsDeadLetterHeader(header.Key))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        if (!keepValue)
        {
            headers.Add(DeadLetterHeaders.ValueNotKept, Encoding.UTF8.GetBytes((source.Message.Value?.LongLength ?? 0).ToString(CultureInfo.InvariantCulture)));
        }

        headers.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(deadLetter.Reason));
        headers.Add(DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(source.Topic));
        headers.Add(DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        return new Message<byte[]?, byte[]?>
        {
            Key = source.Message.Key,
            Value = keepValue ? source.Message.Value : null,
            Headers = headers,
            Timestamp = source.Message.Timestamp,
        };
    }

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
