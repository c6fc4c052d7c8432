namespace Strangler.Outbox;

/// <summary>Settings of a service's outbox and its relay (section <c>Strangler:Outbox</c>).</summary>
public sealed record OutboxOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Strangler:Outbox";

    /// <summary>Kafka bootstrap servers the relay publishes to.</summary>
    public string BootstrapServers { get; init; } = "";

    /// <summary>The domain-event topic, e.g. <c>customers.events</c>.</summary>
    public string Topic { get; init; } = "";

    /// <summary>The CloudEvents <c>source</c> of every event, e.g. <c>/customers</c>.</summary>
    public string Source { get; init; } = "";

    /// <summary>How often the relay looks for staged events when the previous look found none.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The most events published per round.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How long published events are kept (for inspection) before the relay deletes them.</summary>
    public TimeSpan RetainSent { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Extra librdkafka producer settings (e.g. security), applied last; never logged.</summary>
    public IReadOnlyDictionary<string, string> Kafka { get; init; } = new Dictionary<string, string>();

    /// <summary>Every problem with these settings, each naming its key.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(BootstrapServers))
            errors.Add($"{section}:BootstrapServers is required.");
        if (string.IsNullOrWhiteSpace(Topic))
            errors.Add($"{section}:Topic is required.");
        if (string.IsNullOrWhiteSpace(Source))
            errors.Add($"{section}:Source is required.");
        if (PollInterval <= TimeSpan.Zero)
            errors.Add($"{section}:PollInterval must be positive.");
        if (BatchSize is < 1 or > 100_000)
            errors.Add($"{section}:BatchSize must be between 1 and 100000.");
        return errors;
    }

    /// <summary>Every problem with the one setting staging needs (no relay runs in the host).</summary>
    internal IReadOnlyList<string> ValidateForStaging(string section) =>
        string.IsNullOrWhiteSpace(Source) ? [$"{section}:Source is required."] : [];
}
