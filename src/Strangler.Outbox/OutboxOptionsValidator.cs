using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Strangler.Outbox.Relay;

namespace Strangler.Outbox;

/// <summary>
/// Checks <c>Strangler:Outbox</c> when the host starts, reporting every bad key at once; a host that stages events
/// without a relay (<see cref="OutboxBuilder.WithoutRelay"/>) needs only <c>Source</c>.
/// </summary>
internal sealed class OutboxOptionsValidator(IEnumerable<RelayOff> relayOff, IEnumerable<IHostEnvironment> environment) : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var errors = (relayOff.Any() ? options.ValidateForStaging(OutboxOptions.SectionName) : options.Validate(OutboxOptions.SectionName)).ToList();
        if (errors.Any(e => e.EndsWith(" is required.", StringComparison.Ordinal)) && NoSettingsFile() is { } hint)
        {
            errors.Add(hint);
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }

    // A service binary started outside its folder reads no appsettings.json (ASP.NET reads it from the content root,
    // the working folder), and was told only that Topic and Source were required although its file set both.
    private string? NoSettingsFile() =>
        environment.FirstOrDefault() is { ContentRootPath: { Length: > 0 } root } && !File.Exists(Path.Combine(root, "appsettings.json"))
            ? $"{OutboxOptions.SectionName}: no appsettings.json in the content root ({root}), so none of its settings were read; " +
              "start the service in its own folder (as dotnet run does) or pass --contentRoot <folder>."
            : null;
}
