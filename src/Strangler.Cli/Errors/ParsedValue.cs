using System.CommandLine.Parsing;

namespace Strangler.Cli.Errors;

/// <summary>
/// Reads a value inside a validator. System.CommandLine runs validators before it reports a value that does not
/// convert (<c>--port abc</c>), and <c>GetValueOrDefault</c> then throws out of the parser; this skips the check
/// instead, leaving the parser to say "Cannot parse argument 'abc'" as one ordinary error.
/// </summary>
internal static class ParsedValue
{
    public static bool TryGet<T>(ArgumentResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    public static bool TryGet<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
