namespace Strangler.Sync.Consuming;

/// <summary>Checks <see cref="ConsumerGroupOptions"/>, reporting every problem at once, each naming its key.</summary>
internal static class ConsumerGroupOptionsValidator
{
    // librdkafka's own bounds for session.timeout.ms and max.poll.interval.ms (CONFIGURATION.md).
    private static readonly TimeSpan MaxSessionTimeout = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxPollIntervalLimit = TimeSpan.FromMilliseconds(86_400_000);

    /// <summary>All problems found under <paramref name="at"/> (e.g. <c>Strangler:Sync:Group</c>); empty when usable.</summary>
    public static IReadOnlyList<string> Validate(ConsumerGroupOptions options, string at)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.SessionTimeout < TimeSpan.FromSeconds(1) || options.SessionTimeout > MaxSessionTimeout)
        {
            errors.Add($"{at}:SessionTimeout: must be between 00:00:01 and 01:00:00, was {options.SessionTimeout}");
        }

        if (options.HeartbeatInterval < TimeSpan.FromMilliseconds(1))
        {
            errors.Add($"{at}:HeartbeatInterval: must be positive, was {options.HeartbeatInterval}");
        }
        else if (options.HeartbeatInterval * 3 > options.SessionTimeout)
        {
            // A member that misses two heartbeats in a row must still be inside its session.
            errors.Add($"{at}:HeartbeatInterval: must be at most a third of {at}:SessionTimeout ({options.SessionTimeout}), was {options.HeartbeatInterval}");
        }

        if (options.MaxPollInterval < options.SessionTimeout || options.MaxPollInterval > MaxPollIntervalLimit)
        {
            // librdkafka refuses to start a consumer whose max.poll.interval.ms is below session.timeout.ms.
            errors.Add($"{at}:MaxPollInterval: must be at least {at}:SessionTimeout ({options.SessionTimeout}) and at most 1.00:00:00, was {options.MaxPollInterval}");
        }

        if (options.InstanceId.Length > 0 && !IsValidInstanceId(options.InstanceId))
        {
            errors.Add($"{at}:InstanceId: '{options.InstanceId}' must be at most 200 characters of letters, digits, '.', '_' and '-'");
        }

        return errors;
    }

    // Kafka allows 249 characters of [a-zA-Z0-9._-] in a group.instance.id; ".<pipeline>" is appended to this one.
    private static bool IsValidInstanceId(string id) =>
        id.Length <= 200 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
