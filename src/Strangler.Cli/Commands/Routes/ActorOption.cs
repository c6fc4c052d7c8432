using System.CommandLine;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>--actor</c>: who gives a command; the OS user unless given.</summary>
internal static class ActorOption
{
    /// <summary>For a command that changes a route: the actor goes into the route history with the change.</summary>
    public const string RouteChange = "Who is making the change (recorded with it in 'routes history').";

    /// <param name="description">Says where the actor is recorded: not every command that takes one changes a route.</param>
    public static Option<string> Create(string description = RouteChange) => new("--actor")
    {
        Description = description,
        DefaultValueFactory = _ => Environment.UserName,
    };
}
