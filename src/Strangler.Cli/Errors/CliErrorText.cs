using System.Data.Common;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.Cli.Errors;

/// <summary>Turns an exception into one line for a person at a terminal: what went wrong, without a stack trace.</summary>
internal static class CliErrorText
{
    private const int MaxLength = 400;

    public static string Describe(Exception ex)
    {
        var text = ex switch
        {
            // Configuration mistakes: one entry per key at fault, each naming it.
            _ when ConfigurationErrors.Describe(ex) is { } configuration => "invalid configuration: " + configuration,
            IOException or UnauthorizedAccessException => ex.Message,
            HttpRequestException => "cannot reach the server: " + ex.Message,
            // Described: the engines' messages may quote row values (a duplicate key, PostgreSQL's Detail).
            DbException => "database error: " + DatabaseErrorText.Describe(ex),
            AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
            _ => $"unexpected error ({ex.GetType().Name}): {ex.Message} (set {LastResortAction.DebugVariable}=1 for details)",
        };
        return OneLine(text);
    }

    /// <summary>
    /// Joins configuration failures into one clause list: each validator writes a sentence ending in a full stop, and
    /// joined as they are they read "works on all.; Strangler:...".
    /// </summary>
    public static string Failures(IEnumerable<string> failures) =>
        string.Join("; ", failures.Select(f => f.EndsWith('.') && !f.EndsWith("..", StringComparison.Ordinal) ? f[..^1] : f));

    /// <summary>Collapses line breaks and runs of white space, and bounds the length, so a message stays one line.</summary>
    public static string OneLine(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= MaxLength ? flat : flat[..MaxLength] + "…";
    }
}
