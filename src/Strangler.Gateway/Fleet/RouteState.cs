using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Fleet;

/// <summary>The fleet's route table at one revision, as kept in the shared store.</summary>
internal sealed record RouteState
{
    /// <summary>The highest revision in the state; 0 for an empty store that nothing was applied to yet.</summary>
    public required long Revision { get; init; }

    /// <summary>The routes, sorted by name.</summary>
    public required IReadOnlyList<RouteDefinition> Routes { get; init; }

    /// <summary>When the store last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
