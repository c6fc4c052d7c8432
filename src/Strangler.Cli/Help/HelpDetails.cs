using System.CommandLine;
using System.Runtime.CompilerServices;

namespace Strangler.Cli.Help;

/// <summary>
/// What a command's own <c>--help</c> says below its options. A command's description is also its line in its parent's
/// list of commands, so anything longer than that line goes here: <c>strangler --help</c> stays a short list.
/// </summary>
internal static class HelpDetails
{
    private static readonly ConditionalWeakTable<Command, string> Details = [];

    /// <summary>Sets <paramref name="command"/>'s details (lines separated by <c>\n</c>) and returns it.</summary>
    public static T WithDetails<T>(this T command, string details) where T : Command
    {
        Details.AddOrUpdate(command, details);
        return command;
    }

    /// <summary>The command's details; null when it has none.</summary>
    public static string? Of(Command command) => Details.TryGetValue(command, out var details) ? details : null;
}
