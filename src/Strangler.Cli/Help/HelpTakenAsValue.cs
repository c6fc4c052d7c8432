using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace Strangler.Cli.Help;

/// <summary>
/// Help asked for where an option's value goes. System.CommandLine reads the word after an option that takes a value as
/// that value, whatever it is: <c>gateway --routes --help</c> started a gateway on a routes directory named "--help",
/// and <c>routes flip customers new --reason --help</c> was a flip with that reason. Whoever types it wants the help.
/// </summary>
internal static class HelpTakenAsValue
{
    /// <summary>
    /// The arguments that ask for the help of the command <paramref name="parseResult"/> reached (<c>routes flip --help</c>)
    /// when an option of it or of a command above it took a help name (<c>--help</c>, <c>-h</c>, <c>-?</c>) as its value;
    /// otherwise null.
    /// </summary>
    public static string[]? HelpArguments(ParseResult parseResult)
    {
        var help = parseResult.RootCommandResult.Command.Options.OfType<HelpOption>().Single();
        // The dashed names only: "/h" and "/?" are paths too, and a path is what --routes and others take.
        var names = help.Aliases.Prepend(help.Name).Where(n => n.StartsWith('-')).ToHashSet(StringComparer.Ordinal);
        var commands = Chain(parseResult.CommandResult).Reverse().ToList();
        var asked = commands.SelectMany(c => c.Children.OfType<OptionResult>())
            .Any(o => o.Option is not HelpOption && o.Tokens.Any(t => names.Contains(t.Value)));
        return asked ? [.. commands.Skip(1).Select(c => c.Command.Name), help.Name] : null;
    }

    // From the command reached up to the root.
    private static IEnumerable<CommandResult> Chain(CommandResult result)
    {
        for (SymbolResult? at = result; at is CommandResult current; at = current.Parent)
        {
            yield return current;
        }
    }
}
