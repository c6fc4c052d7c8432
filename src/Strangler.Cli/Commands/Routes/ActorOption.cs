using System.CommandLine;
using Strangler.Text;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// <c>--actor</c>: who gives a command; the OS user unless given. Free text that is stored and shown as it is, so it is
/// checked here with the gateway's own rule (<see cref="OperatorText"/>): a mistake in it exits 2 before anything is sent.
/// </summary>
internal static class ActorOption
{
    /// <summary>For a command that changes a route: the actor goes into the route history with the change.</summary>
    public const string RouteChange = "Who is making the change (recorded with it in 'routes history').";

    /// <param name="description">Says where the actor is recorded: not every command that takes one changes a route.</param>
    public static Option<string> Create(string description = RouteChange)
    {
        var actor = new Option<string>("--actor")
        {
            Description = description,
            DefaultValueFactory = _ => Environment.UserName,
        };
        actor.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>() ?? "";
            if (string.IsNullOrWhiteSpace(text))
            {
                result.AddError("--actor must name who gives the command (leave it out for the OS user).");
            }
            else if (OperatorText.Problem(text) is { } problem)
            {
                result.AddError($"--actor {problem}.");
            }
        });
        return actor;
    }
}
