using System.Text.Json.Serialization;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>
/// Move a sub-domain to a mode: the one flip request of the admin API (<c>POST /_strangler/api/flip</c>, which the CLI's
/// <c>strangler routes flip</c> calls) and the dashboard, read and checked by the same code.
/// </summary>
public sealed record FlipRequest
{
    /// <summary>The sub-domain (route name).</summary>
    public required string Subdomain { get; init; }

    /// <summary>The target mode; written as <c>legacy</c>, <c>canary</c> or <c>new</c>.</summary>
    [JsonConverter(typeof(RouteModeJsonConverter))]
    public required RouteMode Mode { get; init; }

    /// <summary>Canary percentage 0..100; required for <see cref="RouteMode.Canary"/>, ignored otherwise.</summary>
    public int? Percentage { get; init; }

    /// <summary>
    /// The sub-domain's revision the caller last saw; when set and no longer current, the flip is refused as a
    /// conflict (nothing changes), so two people acting on the same revision cannot both win.
    /// </summary>
    public long? ExpectedRevision { get; init; }

    /// <summary>Why (recorded in the history).</summary>
    public required string Reason { get; init; }

    /// <summary>Who (recorded in the history).</summary>
    public required string Actor { get; init; }
}
