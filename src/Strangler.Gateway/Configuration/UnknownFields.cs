using System.Text.Json;
using Strangler.Text;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Reports the fields of a route-file object that are not among the known ones, suggesting the known field a typo or a
/// wrong case most likely meant: an unknown field is an error because a flip rewrites the file and would drop it.
/// </summary>
internal static class UnknownFields
{
    public static void Check(string file, JsonElement value, string prefix, IEnumerable<string> known, List<RouteValidationError> errors)
    {
        var names = known.ToList();
        foreach (var property in value.EnumerateObject())
        {
            if (!names.Contains(property.Name, StringComparer.Ordinal))
            {
                var field = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
                var guess = Suggest(property.Name, names) switch
                {
                    { } meant when string.Equals(meant, property.Name, StringComparison.OrdinalIgnoreCase) => $"did you mean '{meant}'? (field names are case-sensitive); ",
                    { } meant => $"did you mean '{meant}'? ",
                    null => "",
                };
                errors.Add(new(file, field, $"unknown field; {guess}known: {string.Join(", ", names)}") { AtPropertyName = true });
            }
        }
    }

    // The known name differing only in case, or by at most two edits (one for short names), or null.
    private static string? Suggest(string name, List<string> known)
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
        return best.Name is not null && best.Distance <= (name.Length <= 4 ? 1 : 2) ? best.Name : null;
    }
}
