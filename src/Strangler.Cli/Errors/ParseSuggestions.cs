using System.CommandLine;
using System.CommandLine.Parsing;

namespace Strangler.Cli.Errors;

/// <summary>
/// The parser's errors, with a mistyped option or command named with the one it most likely meant
/// (<c>--reson</c>: did you mean <c>--reason</c>?; <c>rotues</c>: <c>routes</c>), and without the errors that follow
/// from the typo alone: the mistyped option's value taken for a stray argument, the option it meant reported missing,
/// the words after a mistyped command. Before, <c>routes flip customers new --reson x</c> printed three errors and no hint.
/// </summary>
internal static class ParseSuggestions
{
    public static List<string> Messages(ParseResult parseResult)
    {
        var messages = parseResult.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal).ToList();
        var command = parseResult.CommandResult.Command;
        var options = Options(parseResult.CommandResult).ToList();
        var names = options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToList();
        var unmatched = parseResult.UnmatchedTokens;
        for (var i = 0; i < unmatched.Count; i++)
        {
            var token = unmatched[i];
            if (token.StartsWith('-') && OptionSpelling.Nearest(token, names) is { } option)
            {
                // The word after it was its value if the option it meant takes one (and was not given as --name=value).
                var takesValue = options.First(o => o.Name == option || o.Aliases.Contains(option)).Arity.MaximumNumberOfValues > 0;
                var value = takesValue && !token.Contains('=') && i + 1 < unmatched.Count && !unmatched[i + 1].StartsWith('-')
                    ? unmatched[i + 1] : null;
                messages.RemoveAll(m => Names(m, token) || Names(m, option) || (value is not null && Names(m, value)));
                messages.Add($"Unrecognized option '{token}': did you mean '{option}'?");
                i += value is null ? 0 : 1;
            }
            else if (!token.StartsWith('-') && command.Subcommands.Count > 0
                && OptionSpelling.Nearest(token, command.Subcommands.Select(c => c.Name)) is { } meant)
            {
                // What follows a mistyped command is that command's, and says nothing about this one.
                messages.RemoveAll(m => unmatched.Skip(i).Any(t => Names(m, t)));
                messages.Add($"Unrecognized command '{token}': did you mean '{meant}'?");
                break;
            }
        }

        return messages;
    }

    private static bool Names(string message, string token) => message.Contains($"'{token}'", StringComparison.Ordinal);

    // The command's own options and those its ancestors pass down (--token, --help).
    private static IEnumerable<Option> Options(CommandResult result)
    {
        for (SymbolResult? at = result; at is CommandResult current; at = current.Parent)
        {
            foreach (var option in current.Command.Options.Where(o => at == result || o.Recursive))
            {
                yield return option;
            }
        }
    }
}
