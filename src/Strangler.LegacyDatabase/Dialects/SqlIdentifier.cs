using System.Text.RegularExpressions;

namespace Strangler.LegacyDatabase.Dialects;

/// <summary>
/// Validates and splits identifiers before a dialect quotes them. Names come from configuration, never from event
/// data, but they are still checked so that a typo fails with a clear message instead of odd SQL.
/// </summary>
public static partial class SqlIdentifier
{
    /// <summary>Splits <c>schema.table</c> (or <c>table</c>) into its parts, each checked.</summary>
    public static IReadOnlyList<string> SplitQualified(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = name.Split('.');
        if (parts.Length > 2)
        {
            throw new ArgumentException($"'{name}' is not a valid table name: use 'table' or 'schema.table'.", nameof(name));
        }
        foreach (var part in parts)
        {
            Check(part);
        }
        return parts;
    }

    /// <summary>Throws when <paramref name="identifier"/> is not a plain identifier (letters, digits, _, $, space).</summary>
    public static string Check(string identifier)
    {
        if (string.IsNullOrEmpty(identifier) || identifier.Length > 128 || !Plain().IsMatch(identifier))
        {
            throw new ArgumentException(
                $"'{identifier}' is not a valid identifier: use letters, digits, '_' or '$' (at most 128), starting with a letter or '_'.",
                nameof(identifier));
        }
        return identifier;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_$ ]*$")]
    private static partial Regex Plain();
}
