using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Strangler.Configuration;

/// <summary>
/// Finds duration settings written as a bare number. The configuration binder reads <c>"UpstreamTimeout": "30"</c> as
/// TimeSpan.Parse does, as 30 days, where whoever wrote it meant seconds; nothing failed, and a gateway waited a month
/// for an upstream. This file is compiled into the gateway and the outbox, which share no library; the sync worker
/// binds such settings too and uses the outbox's copy (it sees the outbox's internals, so a copy of its own would be a
/// second type of the same name there).
/// </summary>
internal static partial class BareDurations
{
    private const int MaxDepth = 8;

    /// <summary>
    /// One line per TimeSpan property of <paramref name="type"/> (at any depth: nested settings, lists and
    /// dictionaries of them) that <paramref name="section"/> gives as a whole number, naming its key.
    /// </summary>
    public static IReadOnlyList<string> Problems(IConfiguration section, Type type)
    {
        var problems = new List<string>();
        Walk(section, type, Path(section), problems, 0);
        return problems;
    }

    private static void Walk(IConfiguration section, Type type, string path, List<string> problems, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = path.Length == 0 ? property.Name : path + ":" + property.Name;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType == typeof(TimeSpan))
            {
                if (section[property.Name] is { } value && WholeNumber().IsMatch(value))
                {
                    var number = value.Trim();
                    problems.Add($"{key}: '{value}' is a bare number, which would be read as {number} days; write a duration " +
                        $"hh:mm:ss[.fff], e.g. 00:00:{(number.Length == 1 ? "0" : "")}{number} for {number} seconds ({number}.00:00:00 if days are meant)");
                }
            }
            else if (OptionsShape.ItemType(propertyType) is { } itemType)
            {
                foreach (var child in section.GetSection(property.Name).GetChildren())
                {
                    Walk(child, itemType, key + ":" + child.Key, problems, depth + 1);
                }
            }
            else if (OptionsShape.IsSettings(propertyType))
            {
                Walk(section.GetSection(property.Name), propertyType, key, problems, depth + 1);
            }
        }
    }

    private static string Path(IConfiguration section) => section is IConfigurationSection s ? s.Path : "";

    [GeneratedRegex(@"^\s*-?[0-9]+\s*$")]
    private static partial Regex WholeNumber();
}
