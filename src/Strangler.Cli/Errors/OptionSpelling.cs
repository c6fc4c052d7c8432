using Strangler.Text;

namespace Strangler.Cli.Errors;

/// <summary>The option a mistyped one most likely meant: <c>--ulrs</c> for <c>--urls</c>, <c>--repiar</c> for <c>--repair</c>.</summary>
internal static class OptionSpelling
{
    /// <summary>
    /// The one candidate within a typo or two of <paramref name="token"/> (its name before any <c>=value</c>, in any
    /// case), or the one it begins (<c>--env</c>); null when none is that close or two are equally close.
    /// </summary>
    public static string? Nearest(string token, IEnumerable<string> candidates)
    {
        var typed = Name(token);
        if (typed.Length < 2)
        {
            return null;
        }

        // One edit for a short name: two would turn "--prot" into "--port" but also into any four-letter option.
        var limit = typed.Length <= 4 ? 1 : 2;
        var scored = candidates.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(c => (Candidate: c, Distance: EditDistance.Between(typed, Name(c))))
            .Where(s => s.Distance <= limit)
            .OrderBy(s => s.Distance)
            .ToList();
        if (scored.Count > 0)
        {
            return scored.Count == 1 || scored[0].Distance < scored[1].Distance ? scored[0].Candidate : null;
        }

        var prefixed = candidates.Where(c => typed.Length >= 3 && Name(c).StartsWith(typed, StringComparison.Ordinal))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return prefixed.Count == 1 ? prefixed[0] : null;
    }

    private static string Name(string option)
    {
        var name = option.TrimStart('-', '/');
        var equals = name.IndexOf('=', StringComparison.Ordinal);
        return (equals < 0 ? name : name[..equals]).ToLowerInvariant();
    }
}
