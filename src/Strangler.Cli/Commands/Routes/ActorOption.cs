using System.CommandLine;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>--actor</c>: who is recorded in the route history; the OS user unless given.</summary>
internal static class ActorOption
{
    public static Option<string> Create() => new("--actor")
    {
        Description = "Who is making the change (recorded in the history).",
        DefaultValueFactory = _ => Environment.UserName,
    };
}
