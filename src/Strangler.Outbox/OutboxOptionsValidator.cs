using Microsoft.Extensions.Options;
using Strangler.Outbox.Relay;

namespace Strangler.Outbox;

/// <summary>
/// Checks <c>Strangler:Outbox</c> when the host starts, reporting every bad key at once; a host that stages events
/// without a relay (<see cref="OutboxBuilder.WithoutRelay"/>) needs only <c>Source</c>.
/// </summary>
internal sealed class OutboxOptionsValidator(IEnumerable<RelayOff> relayOff) : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options) =>
        (relayOff.Any() ? options.ValidateForStaging(OutboxOptions.SectionName) : options.Validate(OutboxOptions.SectionName)) is { Count: > 0 } errors
            ? ValidateOptionsResult.Fail(errors)
            : ValidateOptionsResult.Success;
}
