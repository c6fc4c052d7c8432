namespace Strangler.Gateway.Fleet;

/// <summary>A compare-and-set on the route state: committed, or refused with the state that won.</summary>
internal sealed record CommitResult
{
    public required bool Committed { get; init; }

    /// <summary>The state now in the store: the one just written, or the one another writer got in first with.</summary>
    public required RouteState Current { get; init; }
}
