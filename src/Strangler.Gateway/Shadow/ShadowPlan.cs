using Strangler.Gateway.Configuration;
using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// A route's <see cref="ShadowSettings"/> made ready for the request path: parsed once per route load, so a request
/// pays for a method lookup and a hash only.
/// </summary>
internal sealed class ShadowPlan
{
    /// <summary>Headers always redacted in stored samples: they carry credentials.</summary>
    private static readonly string[] AlwaysRedacted = ["Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization"];

    public ShadowPlan(RouteDefinition route, ShadowSettings settings)
    {
        Settings = settings;
        Subdomain = route.Name;
        SamplingCohort = "shadow:" + route.Name;
        Methods = settings.Methods.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ignored = settings.IgnoreHeaders.ToHashSet(StringComparer.OrdinalIgnoreCase);
        CompareHeaders = settings.CompareHeaders.Where(h => !ignored.Contains(h)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        RedactHeaders = AlwaysRedacted.Concat(settings.RedactHeaders).ToHashSet(StringComparer.OrdinalIgnoreCase);
        RedactFields = PointerPattern.ParseAll(settings.RedactFields);
        Rules = new ComparisonRules
        {
            Ignore = PointerPattern.ParseAll(settings.Ignore),
            ArraysAsSets = PointerPattern.ParseAll(settings.ArraysAsSets),
        };
    }

    /// <summary>The plan of <paramref name="route"/>, or null when it does not shadow (no block, or mode <c>new</c>).</summary>
    public static ShadowPlan? For(RouteDefinition route) =>
        route.Shadow is { } settings && route.Mode != RouteMode.New && settings.Percentage > 0 ? new ShadowPlan(route, settings) : null;

    public ShadowSettings Settings { get; }

    public string Subdomain { get; }

    /// <summary>Hashed with the user key: shadow sampling is sticky per user, and independent of the canary's buckets.</summary>
    public string SamplingCohort { get; }

    public HashSet<string> Methods { get; }

    public IReadOnlyList<string> CompareHeaders { get; }

    public HashSet<string> RedactHeaders { get; }

    public IReadOnlyList<PointerPattern> RedactFields { get; }

    public ComparisonRules Rules { get; }

    /// <summary>A field (JSON Pointer with <c>*</c>) is ignored when an ignore pattern covers it.</summary>
    public bool IsIgnored(string field) => Rules.Ignore.Any(p => p.CoversPointer(field));
}
