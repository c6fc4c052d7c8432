using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Routing;

/// <summary>A rejected reload: when it happened and every error; the previous table kept serving.</summary>
internal sealed record RouteLoadFailure
{
    /// <summary>When the rejected change was read.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Every problem found.</summary>
    public required IReadOnlyList<RouteValidationError> Errors { get; init; }
}
