using System.Reflection;
using Microsoft.Extensions.Options;
using Strangler.Configuration;

namespace Strangler.Cli.Errors;

/// <summary>
/// Keys under a bound section (<see cref="SettingTypes"/>) that no property of its options type reads:
/// <c>--Strangler:Gateway:Prot=5200</c>, <c>Strangler__Sync__Kafak__...</c> or a misspelt key in appsettings.json was
/// ignored by the binder, and the gateway or worker started on its defaults with nothing said.
/// </summary>
/// <remarks>
/// Walked by hand rather than with the binder's ErrorOnUnknownConfiguration: each section is bound to its type alone,
/// and the binder would refuse <c>Strangler:Gateway:Fleet</c> as an unknown key of GatewayOptions, stop at the first
/// key, and could not say which file or variable it came from. A dictionary's keys (projection names, sub-domains,
/// librdkafka settings) are anyone's, and only its values' own keys are checked.
/// </remarks>
internal static class UnknownSettings
{
    private const int MaxDepth = 10;

    /// <summary>Throws naming every key nothing reads, with where it came from and the key it most likely meant.</summary>
    /// <exception cref="OptionsValidationException">One failure per unknown key.</exception>
    public static void Check(IConfiguration configuration)
    {
        var problems = Problems(configuration);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("settings", typeof(UnknownSettings), problems);
        }
    }

    /// <summary>One clause per key under a bound section that nothing reads.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration) =>
        Unread(configuration).Select(u => Unknown(configuration, u.Key, u.Known)).ToList();

    /// <summary>
    /// <paramref name="key"/> (a setting's path, <c>Strangler:Gateway:Breker:Threshold</c>) as this check would accept
    /// it: itself, or with each part nothing reads replaced by the nearest one read there
    /// (<c>Strangler:Gateway:Breaker:Threshold</c>). Null when a part has no near key; <paramref name="hint"/> then says
    /// where to look instead. For a correction offered elsewhere (<see cref="SettingSections"/>): one that this check
    /// refused in turn sent the user round in a circle.
    /// </summary>
    public static string? Accepted(string key, out string? hint)
    {
        for (var depth = 0; depth <= MaxDepth; depth++)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)"")]).Build();
            if (Unread(configuration).FirstOrDefault() is not ({ } unread, var known))
            {
                hint = null;
                return key;
            }

            var parent = unread.Path[..unread.Path.LastIndexOf(':')];
            if (OptionSpelling.Nearest(unread.Key, known) is not { } meant)
            {
                hint = $"{parent} has no setting {unread.Key}: {Elsewhere(unread.Key, parent)}";
                return null;
            }

            key = $"{parent}:{meant}{key[unread.Path.Length..]}";
        }

        hint = "the README lists the settings";
        return null;
    }

    private static List<(IConfigurationSection Key, IEnumerable<string> Known)> Unread(IConfiguration configuration)
    {
        var unread = new List<(IConfigurationSection, IEnumerable<string>)>();
        var sections = SettingTypes.Bound.Select(b => b.Section).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (section, type) in SettingTypes.Bound)
        {
            Walk(configuration.GetSection(section), type, sections, unread, 0);
        }

        return unread;
    }

    private static void Walk(IConfigurationSection section, Type type, HashSet<string> bound, List<(IConfigurationSection, IEnumerable<string>)> unread, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        foreach (var child in section.GetChildren())
        {
            if (bound.Contains(child.Path))
            {
                continue; // bound to a type of its own, and walked with it
            }

            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                unread.Add((child, properties.Select(p => p.Name).Concat(Nested(section.Path, bound)).ToList()));
                continue;
            }

            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (OptionsShape.ItemType(propertyType) is { } itemType)
            {
                foreach (var item in child.GetChildren())
                {
                    Walk(item, itemType, bound, unread, depth + 1);
                }
            }
            else if (OptionsShape.IsSettings(propertyType))
            {
                Walk(child, propertyType, bound, unread, depth + 1);
            }
        }
    }

    // The sections bound on their own directly under this one: what a misspelling of "Fleet" most likely meant.
    private static IEnumerable<string> Nested(string path, HashSet<string> bound) =>
        bound.Where(b => b.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase) && !b[(path.Length + 1)..].Contains(':'))
            .Select(b => b[(path.Length + 1)..]);

    private static string Unknown(IConfiguration root, IConfigurationSection key, IEnumerable<string> known)
    {
        var parent = key.Path[..key.Path.LastIndexOf(':')];
        var from = SettingSource.Of(root, key) is { } source ? $" (from {source})" : "";
        // The key only, never its value: a misplaced setting may well be a password.
        var refused = $"{key.Path}{from}: nothing reads this setting";
        if (OptionSpelling.Nearest(key.Key, known) is { } meant)
        {
            return $"{refused}; did you mean {parent}:{meant}?";
        }

        return $"{refused}; {Elsewhere(key.Key, parent)}";
    }

    // "Port" is not a setting of any host here: where a server listens is --urls.
    private static string Elsewhere(string key, string parent) =>
        OptionSpelling.Nearest(key, ["Port", "Urls"]) is not null
            ? "where a server listens is set with --urls (e.g. --urls http://127.0.0.1:5100)"
            : $"the README lists the settings of {parent}";
}
