using System.CommandLine;
using Strangler.Text;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// <c>--reason</c> of a route change or rollout command, checked here, so a blank or multi-line reason is a mistake in
/// what the command was given (exit 2, as the README's exit codes say) and not a refusal from the gateway (exit 1).
/// The gateway checks it again with the same rule (<see cref="OperatorText"/>): it takes changes from the API and the
/// dashboard too.
/// </summary>
internal static class ReasonOption
{
    /// <summary>For a command that changes a route: the reason is required and goes into the history.</summary>
    public static Option<string> Create() => Create("Why (recorded in the history).", required: true);

    /// <param name="description">Says where the reason is recorded: not every command that takes one changes a route.</param>
    /// <param name="required">When false, the reason may be left out; given, it is checked all the same.</param>
    public static Option<string> Create(string description, bool required)
    {
        var reason = new Option<string>("--reason") { Description = description, Required = required };
        reason.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>() ?? "";
            if (required && string.IsNullOrWhiteSpace(text))
            {
                result.AddError("--reason must say why; it goes into the history.");
            }
            else if (OperatorText.Problem(text) is { } problem)
            {
                result.AddError($"--reason {problem}.");
            }
        });
        return reason;
    }
}
