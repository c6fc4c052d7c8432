using Microsoft.Extensions.Options;

namespace Strangler.Outbox;

/// <summary>Checks <c>Strangler:Outbox</c> when the host starts, reporting every bad key at once.</summary>
internal sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options) =>
        options.Validate(OutboxOptions.SectionName) is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
