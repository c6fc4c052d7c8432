namespace Strangler.Sync.Metrics;

/// <summary>What a pipeline last knew of its Kafka cluster: whether a broker answers, since when, and the last error.</summary>
/// <param name="Reachable">True once a broker answered, false while none does; null before the first answer or failure.</param>
/// <param name="Since">When it became what <paramref name="Reachable"/> says (the first failure of an outage).</param>
/// <param name="LastError">The last error's kind: librdkafka's code name, e.g. <c>Local_AllBrokersDown</c>, <c>Local_TimedOut</c>.</param>
/// <param name="LastErrorReason">librdkafka's text for it, with any configured password or secret replaced by <c>[redacted]</c>.</param>
/// <param name="LastErrorAt">When it came.</param>
internal sealed record KafkaConnection(bool? Reachable, DateTimeOffset? Since, string? LastError, string? LastErrorReason, DateTimeOffset? LastErrorAt)
{
    public static readonly KafkaConnection Unknown = new(null, null, null, null, null);
}
