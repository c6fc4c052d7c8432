using System.Collections;

namespace Strangler.Configuration;

/// <summary>
/// Which properties of an options type hold settings of their own: the shape that the checks walking configuration
/// against options types (<c>BareDurations</c>, and the CLI's check for keys nothing reads) agree on.
/// </summary>
internal static class OptionsShape
{
    /// <summary>The settings type of a list's items or a dictionary's values; null for anything else (strings among them).</summary>
    public static Type? ItemType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        var item = type.IsArray ? type.GetElementType() : type.IsGenericType ? type.GetGenericArguments()[^1] : null;
        return item is not null && IsSettings(item) ? item : null;
    }

    /// <summary>A class of the project's own (or its samples') that the binder fills property by property.</summary>
    public static bool IsSettings(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && !type.IsGenericType && !type.IsAbstract
        && (type.Namespace?.StartsWith("Strangler", StringComparison.Ordinal) == true
            || type.Namespace?.StartsWith("Samples", StringComparison.Ordinal) == true);
}
