using System.Text.Json.Serialization;

namespace Strangler.Gateway.Configuration;

/// <summary>One sub-domain's route, as read from (and written back to) <c>routes/&lt;name&gt;.json</c>.</summary>
public sealed record RouteDefinition
{
    /// <summary>The sub-domain name; equals the file name without <c>.json</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Path patterns the sub-domain owns, e.g. <c>/customers</c> or <c>/customers/{**rest}</c>.</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>Absolute http(s) URL of the legacy monolith.</summary>
    public required string Legacy { get; init; }

    /// <summary>Absolute http(s) URL of the new service.</summary>
    public required string New { get; init; }

    /// <summary>Where traffic goes.</summary>
    public RouteMode Mode { get; init; } = RouteMode.Legacy;

    /// <summary>Percentage (0..100) of users sent to the new side in <see cref="RouteMode.Canary"/> mode.</summary>
    public int CanaryPercentage { get; init; }

    /// <summary>Sticky cohort; sub-domains sharing a cohort put the same users on the same side. Defaults to the name.</summary>
    public string? Cohort { get; init; }

    /// <summary>
    /// Where the user key comes from. A request without it (or every request, when none is set) is keyed by the
    /// gateway's client cookie, <see cref="GatewayOptions.ClientCookieName"/>.
    /// </summary>
    public UserKeySource? UserKey { get; init; }

    /// <summary>Whether a failed GET/HEAD on the new side is retried once on legacy.</summary>
    public bool FallbackToLegacy { get; init; } = true;

    /// <summary>The progressive cutover plan (the <c>rollout</c> object); null when the sub-domain has none.</summary>
    public Rollout.Plan.RolloutPlan? Rollout { get; init; }

    /// <summary>Shadow traffic to the new side, compared with legacy's answers; null when off.</summary>
    public ShadowSettings? Shadow { get; init; }

    /// <summary>Revision of this route; every flip or rollback gets a new, higher one.</summary>
    public long Revision { get; init; }

    /// <summary>The cohort actually used for hashing.</summary>
    [JsonIgnore]
    public string EffectiveCohort => string.IsNullOrEmpty(Cohort) ? Name : Cohort;

    /// <summary>Mode and percentage in the CLI's notation: <c>legacy</c>, <c>new</c> or <c>canary:N</c>.</summary>
    [JsonIgnore]
    public string ModeText => Mode switch
    {
        RouteMode.Canary => $"canary:{CanaryPercentage}",
        RouteMode.New => "new",
        _ => "legacy",
    };
}
