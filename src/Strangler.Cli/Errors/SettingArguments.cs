using System.CommandLine;
using System.CommandLine.Parsing;

namespace Strangler.Cli.Errors;

/// <summary>
/// The arguments a command does not parse itself but passes to a configuration (<c>reconcile</c>, <c>load</c>,
/// <c>gateway</c>, <c>sync</c>, <c>sample</c>): which of them are settings, and the first that is not.
/// </summary>
/// <remarks>
/// The configuration ignores a key nothing reads, so what is not a setting is a mistake the command must refuse: a
/// misspelled <c>reconcile --repiar new</c> ran a whole job that repaired nothing, and <c>gateway --prot 8080</c>
/// started the gateway on its default port. A setting is what Microsoft.Extensions.Configuration.CommandLine reads
/// with a section path: <c>--Section:Key=value</c>, <c>--Section:Key value</c>, the same with <c>/</c> instead of
/// <c>--</c>, or a bare <c>Section:Key=value</c>. The commands' own settings all have a section, so a key without a
/// <c>:</c> is refused unless it is one of <c>topLevelKeys</c> (the host's own, such as <c>urls</c>), and one whose
/// section nothing reads (<c>--Gatway:Port</c>) is refused too (<see cref="SettingSections"/>).
/// </remarks>
internal static class SettingArguments
{
    /// <summary>What a refused argument's <c>=value</c> is shown as.</summary>
    public const string HiddenValue = "***";

    /// <summary>
    /// The first unmatched argument that is no setting, said as one clause naming it (with the nearest option or key
    /// when there is a close one, otherwise the forms a setting takes, <paramref name="example"/> among them); null
    /// when every one is a setting.
    /// </summary>
    public static string? Unrecognized(ParseResult parseResult, string example, IReadOnlyCollection<string>? topLevelKeys = null)
    {
        topLevelKeys ??= [];
        var tokens = parseResult.UnmatchedTokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var switched = token.StartsWith("--", StringComparison.Ordinal) ? 2 : token.StartsWith('/') ? 1 : 0;
            if (switched == 0 && token.StartsWith('-'))
            {
                // "-key value" is ignored by the configuration, "-key=value" refused by it: neither is a setting.
                return Unknown(parseResult, token, example, topLevelKeys);
            }

            var text = token[switched..];
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? text : text[..equals];
            var setting = key.Contains(':', StringComparison.Ordinal) || topLevelKeys.Contains(key, StringComparer.OrdinalIgnoreCase);
            if (key.Length == 0 || !setting || (switched == 0 && equals < 0))
            {
                return Unknown(parseResult, token, example, topLevelKeys);
            }

            if (key.Contains(':', StringComparison.Ordinal) && SettingSections.Problem(key) is { } misspelt)
            {
                return misspelt;
            }

            if (equals < 0)
            {
                // "--Section:Key value": the value is the next argument, whatever it looks like (as the configuration reads it).
                if (i + 1 == tokens.Count)
                {
                    return $"the setting '{token}' has no value: pass --{key}=value.";
                }

                i++;
            }
        }

        return null;
    }

    private static string Unknown(ParseResult parseResult, string token, string example, IReadOnlyCollection<string> topLevelKeys)
    {
        // The value is not echoed: a setting passed without its section may be a password or a connection string.
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        var shown = equals < 0 ? token : token[..(equals + 1)] + HiddenValue;
        var known = KnownOptions(parseResult.CommandResult).Concat(topLevelKeys.Select(k => "--" + k));
        if (OptionSpelling.Nearest(token, known) is { } nearest)
        {
            return $"unrecognized option or argument '{shown}'; did you mean {nearest}?";
        }

        var host = topLevelKeys.Count == 0 ? "" : $"; the host also reads {string.Join(", ", topLevelKeys.Select(k => "--" + k))}";
        return $"unrecognized option or argument '{shown}' (settings are passed as --Section:Key=value, such as {example}{host}).";
    }

    // The command's own options and those its ancestors share with it (--help).
    private static IEnumerable<string> KnownOptions(CommandResult result)
    {
        IEnumerable<Option> options = result.Command.Options;
        for (var parent = result.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            options = options.Concat(parent.Command.Options.Where(o => o.Recursive));
        }

        return options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
    }
}
