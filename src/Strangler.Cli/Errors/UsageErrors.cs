using System.CommandLine;
using System.CommandLine.Parsing;

namespace Strangler.Cli.Errors;

/// <summary>
/// Usage mistakes: an option or argument the parser refuses (<c>--legacy-port abc</c>, an unknown command or option,
/// a required one left out). They end with the exit code of a configuration mistake, since both are the caller's to
/// fix before anything runs; a script can then tell them from a failure (1) without reading stderr.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The exit code of a usage mistake (README, "Exit codes"); the same as <see cref="ConfigurationErrors.ExitCode"/>.</summary>
    public const int ExitCode = ConfigurationErrors.ExitCode;

    /// <summary>
    /// Writes <paramref name="message"/> as the parser's own mistakes are written, one line between the command's path
    /// and a pointer to its help (<c>strangler gateway: ... See 'strangler gateway --help'.</c>), and returns <see cref="ExitCode"/>.
    /// </summary>
    public static async Task<int> WriteAsync(ParseResult parseResult, TextWriter error, string message)
    {
        var path = string.Join(' ', CommandPath(parseResult.CommandResult));
        await error.WriteLineAsync($"{path}: {message} See '{path} --help'.");
        return ExitCode;
    }

    /// <inheritdoc cref="WriteAsync(ParseResult, TextWriter, string)"/>
    public static Task<int> WriteAsync(ParseResult parseResult, string message) =>
        WriteAsync(parseResult, parseResult.InvocationConfiguration.Error, message);

    // The root's own name is the host executable's (testhost under a test runner), so it is spelled out.
    private static IEnumerable<string> CommandPath(CommandResult result) =>
        result.Parent is CommandResult parent ? [.. CommandPath(parent), result.Command.Name] : ["strangler"];
}
