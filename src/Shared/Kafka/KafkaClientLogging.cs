using Confluent.Kafka;

namespace Strangler.Kafka;

/// <summary>
/// Attaches a <see cref="KafkaClientLog"/> to a client builder: its log handler, and its error handler for clients
/// that have none of their own (a builder refuses a second one).
/// </summary>
internal static class KafkaClientLogging
{
    public static ProducerBuilder<TKey, TValue> LogTo<TKey, TValue>(this ProducerBuilder<TKey, TValue> builder, KafkaClientLog log) =>
        builder.SetLogHandler((_, message) => log.OnLog(message)).SetErrorHandler((client, error) => log.OnError(client.Name, error));

    public static ConsumerBuilder<TKey, TValue> LogTo<TKey, TValue>(this ConsumerBuilder<TKey, TValue> builder, KafkaClientLog log) =>
        builder.SetLogHandler((_, message) => log.OnLog(message)).SetErrorHandler((client, error) => log.OnError(client.Name, error));

    public static AdminClientBuilder LogTo(this AdminClientBuilder builder, KafkaClientLog log) =>
        builder.SetLogHandler((_, message) => log.OnLog(message)).SetErrorHandler((client, error) => log.OnError(client.Name, error));
}
