using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// The words an enum is written as in route files, the admin API, the history and the rollout state, and the one rule
/// for reading them back: a string naming a member, in any case and with stray spaces trimmed, as the README documents
/// for route files. Not Enum.TryParse nor System.Text.Json's JsonStringEnumConverter: both read a number (2, "2") as
/// whatever member has it, and "legacy, new" as the two members ORed together, so <c>"mode": 2</c> in a history entry
/// restored a route as <c>new</c> without anyone writing the word.
/// </summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal sealed class EnumWords<TEnum>
    where TEnum : struct, Enum
{
    private readonly (TEnum Value, string Word)[] _members;

    /// <param name="policy">How a member's name becomes its word (<c>RolledBack</c>: <c>rolledBack</c> or <c>rolled-back</c>).</param>
    public EnumWords(JsonNamingPolicy policy)
    {
        _members = [.. Enum.GetValues<TEnum>().Select(v => (v, policy.ConvertName(v.ToString())))];
        Expected = List(_members.Select(m => $"\"{m.Word}\""));
        Thing = string.Concat(typeof(TEnum).Name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }

    /// <summary>The accepted words as errors list them: <c>"legacy", "canary" or "new"</c>.</summary>
    public string Expected { get; }

    /// <summary>What a value is called in errors: <c>route mode</c>, <c>failure counting</c>.</summary>
    public string Thing { get; }

    /// <summary>The member <paramref name="text"/> names; false for anything else, a number or a list among them.</summary>
    public bool TryParse(string? text, out TEnum value)
    {
        var word = text?.Trim();
        foreach (var member in _members)
        {
            if (string.Equals(member.Word, word, StringComparison.OrdinalIgnoreCase))
            {
                value = member.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The word of <paramref name="value"/>; null for a value that is no member.</summary>
    public string? WordOf(TEnum value)
    {
        foreach (var member in _members)
        {
            if (EqualityComparer<TEnum>.Default.Equals(member.Value, value))
            {
                return member.Word;
            }
        }

        return null;
    }

    private static string List(IEnumerable<string> words)
    {
        var all = words.ToArray();
        return all.Length == 1 ? all[0] : string.Join(", ", all[..^1]) + " or " + all[^1];
    }
}
