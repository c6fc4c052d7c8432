using Microsoft.Extensions.Options;
using Strangler.Configuration;
using Strangler.Sync.Consuming;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Checks the backfill configured from its section <paramref name="at"/> (its settings and its consumer's) when the host
/// starts, like every other options type: a command reports all the problems as one line naming the keys, instead
/// of the host failing to build with a stack trace.
/// </summary>
/// <param name="consumer">The consumer settings read from <c>{at}:Consumer</c>.</param>
/// <param name="hostProvidesServers">Whether the sync host supplies the bootstrap servers when none are set.</param>
/// <param name="at">The section the settings were read from, named in every error.</param>
/// <param name="bareDurations">Durations of the section written as bare numbers (<see cref="BareDurations"/>).</param>
internal sealed class BackfillSettingsValidator(BatchConsumerOptions consumer, bool hostProvidesServers, string at,
    IReadOnlyList<string>? bareDurations = null)
    : IValidateOptions<BackfillOptions>
{
    public ValidateOptionsResult Validate(string? name, BackfillOptions options)
    {
        List<string> errors = [.. bareDurations ?? [], .. Validate(options, consumer, hostProvidesServers, at)];
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of the backfill and its consumer; empty when both are usable.</summary>
    public static IReadOnlyList<string> Validate(BackfillOptions options, BatchConsumerOptions consumer, bool hostProvidesServers, string at)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(consumer.BootstrapServers) && !hostProvidesServers)
            errors.Add($"{at}:Consumer:BootstrapServers is required.");
        if (string.IsNullOrWhiteSpace(consumer.GroupId))
            errors.Add($"{at}:Consumer:GroupId is required.");
        if (consumer.Topics.Count == 0)
            errors.Add($"{at}:Consumer:Topics needs at least one topic.");
        errors.AddRange(ConsumerGroupOptionsValidator.Validate(consumer.Group, $"{at}:Consumer:Group").Select(e => e + "."));
        // The consumer starts at the end only for "latest" and at the start for anything else, so a typo or librdkafka's
        // "largest" would silently replay the whole topic.
        if (consumer.AutoOffsetReset?.ToLowerInvariant() is not ("earliest" or "latest"))
            errors.Add($"{at}:Consumer:AutoOffsetReset must be earliest or latest (was '{consumer.AutoOffsetReset}').");
        if (consumer.StallAfter <= TimeSpan.Zero)
            errors.Add($"{at}:Consumer:StallAfter must be positive (was '{consumer.StallAfter}').");
        errors.AddRange(BackfillOptionsValidator.Validate(options, at));
        return errors;
    }
}
