using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Strangler.Text;

namespace Strangler.Cli.Errors;

/// <summary>
/// Every whole-number option and argument of the CLI, parsed here rather than by System.CommandLine, whose refusal
/// names .NET's type ("Cannot parse argument 'abc' for command 'rollback' as expected type 'System.Int64'"). A value
/// that is no number and one out of range get the same line in the CLI's words, naming the option and what it takes:
/// <c>revision must be a whole number >= 0 (was 'abc')</c>; a parse error, so exit 2 as every usage mistake.
/// </summary>
internal static class WholeNumber
{
    /// <summary>
    /// Makes <paramref name="option"/> take a whole number from <paramref name="min"/> to <paramref name="max"/>;
    /// <paramref name="meaning"/> says what it counts when the name does not (<c>requests per second; 0 for a burst</c>).
    /// </summary>
    public static Option<T> Within<T>(this Option<T> option, T min, T max, string? meaning = null)
        where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        option.CustomParser = result => Parse(result, option.Name, min, max, meaning, option.DefaultValueFactory);
        return option;
    }

    /// <summary>
    /// Makes <paramref name="argument"/> take a whole number from <paramref name="min"/> to <paramref name="max"/>;
    /// <paramref name="meaning"/> says what it counts when the name does not.
    /// </summary>
    public static Argument<T> Within<T>(this Argument<T> argument, T min, T max, string? meaning = null)
        where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        argument.CustomParser = result => Parse(result, argument.Name, min, max, meaning, argument.DefaultValueFactory);
        return argument;
    }

    private static string Problem<T>(string name, T min, T max, string? meaning, string text)
        where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        var range = max == T.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $">= {min}")
            : string.Create(CultureInfo.InvariantCulture, $"from {min} to {max}");
        return $"{name} must be a whole number {range}{(meaning is null ? "" : $" ({meaning})")} (was '{TerminalText.Escape(text)}').";
    }

    private static T Parse<T>(ArgumentResult result, string name, T min, T max, string? meaning, Func<ArgumentResult, T>? fallback)
        where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        if (result.Tokens.Count == 0)
        {
            // Left out: the default, which is the command's own and needs no check.
            return fallback is null ? T.Zero : fallback(result);
        }

        var text = result.Tokens[0].Value;
        // Invariant and without group separators, so '1,000' and '1.000' are refused alike on every machine.
        if (T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError(Problem(name, min, max, meaning, text));
        return T.Zero;
    }
}
