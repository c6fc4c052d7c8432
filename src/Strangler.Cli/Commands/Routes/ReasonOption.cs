using System.CommandLine;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// <c>--reason</c> of a route change: required, and checked here, so a blank or multi-line reason is a mistake in
/// what the command was given (exit 2, as the README's exit codes say) and not a refusal from the gateway (exit 1).
/// The gateway checks it again: it takes changes from the API and the dashboard too.
/// </summary>
internal static class ReasonOption
{
    public static Option<string> Create()
    {
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the history).", Required = true };
        reason.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>() ?? "";
            if (string.IsNullOrWhiteSpace(text))
            {
                result.AddError("--reason must say why; it goes into the history.");
            }
            else if (text.Any(char.IsControl))
            {
                result.AddError("--reason must be one line without control characters: it is stored and shown as it is, "
                    + "in the log, the history and the dashboard.");
            }
        });
        return reason;
    }
}
