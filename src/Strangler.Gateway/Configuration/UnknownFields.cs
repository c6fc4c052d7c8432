using System.Text.Json;
using Strangler.Text;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Reports the fields of a JSON object that are not among the known ones, suggesting the known field a typo or a wrong
/// case most likely meant: in a route file an unknown field is an error because a flip rewrites the file and would drop
/// it; in an admin API body because the field would be ignored, so the request would not do what its sender meant.
/// </summary>
internal static class UnknownFields
{
    // The shortest known name that another field name may end or begin with and still be a suggestion: "percentage" for
    // "canaryPercentage" (the route files' name for the admin API's field), not "new" for "newUrl".
    private const int ShortestContainedName = 5;

    public static void Check(string file, JsonElement value, string prefix, IEnumerable<string> known, List<RouteValidationError> errors)
    {
        var names = known.ToList();
        foreach (var property in value.EnumerateObject())
        {
            if (!names.Contains(property.Name, StringComparer.Ordinal))
            {
                var field = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
                errors.Add(new(file, field, Message(property.Name, names)) { AtPropertyName = true });
            }
        }
    }

    /// <summary>
    /// The error for the unknown field <paramref name="name"/>: <c>unknown field; did you mean 'mode'? known: ...</c>,
    /// without the question when no known field is close.
    /// </summary>
    public static string Message(string name, IReadOnlyCollection<string> known)
    {
        var guess = Suggest(name, known) switch
        {
            { } meant when string.Equals(meant, name, StringComparison.OrdinalIgnoreCase) => $"did you mean '{meant}'? (field names are case-sensitive); ",
            { } meant => $"did you mean '{meant}'? ",
            null => "",
        };
        return $"unknown field; {guess}known: {string.Join(", ", known)}";
    }

    /// <summary>
    /// The known name differing only in case, or by at most two edits (one for short names), or the one that ends or
    /// begins the other (a name with or without a prefix another part of Strangler uses), or null. Also for a
    /// misspelt sub-domain in a change or a rollout command.
    /// </summary>
    public static string? Suggest(string name, IReadOnlyCollection<string> known)
    {
        // A name this long is no typo of a field name (and would cost a large table to compare).
        if (name.Length > 64)
        {
            return null;
        }

        if (known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) is { } sameLetters)
        {
            return sameLetters;
        }

        var best = known.Select(k => (Name: k, Distance: EditDistance.Between(name.ToLowerInvariant(), k.ToLowerInvariant()))).MinBy(c => c.Distance);
        if (best.Name is not null && best.Distance <= (name.Length <= 4 ? 1 : 2))
        {
            return best.Name;
        }

        var affixed = known.Where(k => Affixes(k, name) || Affixes(name, k)).ToList();
        return affixed.Count == 1 ? affixed[0] : null;
    }

    private static bool Affixes(string shorter, string longer) =>
        shorter.Length >= ShortestContainedName && longer.Length > shorter.Length
        && (longer.EndsWith(shorter, StringComparison.OrdinalIgnoreCase) || longer.StartsWith(shorter, StringComparison.OrdinalIgnoreCase));
}
