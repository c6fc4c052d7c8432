using System.Text.Json;

namespace Strangler.Sync.Backfill;

/// <summary>
/// What a mapping's author needs when a data field it names is missing: the names the event's object does hold (names
/// only, never values), and the one that differs only in case. A service's <c>Stage</c> writes the names as its C#
/// spells them, so <c>Status</c> in the mapping against <c>status</c> in the event is the usual cause.
/// </summary>
internal static class MissingFieldHint
{
    private const int MaxNames = 20;

    public static string Describe(JsonElement parent, string missing, string at)
    {
        var names = parent.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Count == 0)
        {
            return $"; {at} is an empty object";
        }

        var shown = string.Join(", ", names.Take(MaxNames)) + (names.Count > MaxNames ? $", and {names.Count - MaxNames} more" : "");
        var sameButCase = names.FirstOrDefault(n => string.Equals(n, missing, StringComparison.OrdinalIgnoreCase));
        var guess = sameButCase is null ? "" : $"; did you mean '{sameButCase}'? Field names match exactly, case included";
        return $"{guess} ({at} has: {shown})";
    }
}
