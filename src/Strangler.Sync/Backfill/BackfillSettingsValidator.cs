using Microsoft.Extensions.Options;
using Strangler.Sync.Consuming;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Checks the backfill configured from <c>Strangler:Backfill</c> (its settings and its consumer's) when the host
/// starts, like every other options type: a command reports all the problems as one line naming the keys, instead
/// of the host failing to build with a stack trace.
/// </summary>
internal sealed class BackfillSettingsValidator(BatchConsumerOptions consumer, bool hostProvidesServers)
    : IValidateOptions<BackfillOptions>
{
    private const string At = "Strangler:Backfill";

    public ValidateOptionsResult Validate(string? name, BackfillOptions options)
    {
        var errors = Validate(options, consumer, hostProvidesServers);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of the backfill and its consumer; empty when both are usable.</summary>
    public static IReadOnlyList<string> Validate(BackfillOptions options, BatchConsumerOptions consumer, bool hostProvidesServers)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(consumer.BootstrapServers) && !hostProvidesServers)
            errors.Add($"{At}:Consumer:BootstrapServers is required.");
        if (string.IsNullOrWhiteSpace(consumer.GroupId))
            errors.Add($"{At}:Consumer:GroupId is required.");
        if (consumer.Topics.Count == 0)
            errors.Add($"{At}:Consumer:Topics needs at least one topic.");
        errors.AddRange(ConsumerGroupOptionsValidator.Validate(consumer.Group, $"{At}:Consumer:Group").Select(e => e + "."));
        if (consumer.StallAfter <= TimeSpan.Zero)
            errors.Add($"{At}:Consumer:StallAfter must be positive (was '{consumer.StallAfter}').");
        errors.AddRange(BackfillOptionsValidator.Validate(options, At));
        return errors;
    }
}
