namespace Strangler.Gateway.Configuration;

/// <summary>The outcome of reading and validating a routes directory: either routes or every error found.</summary>
public sealed record RouteLoadResult
{
    /// <summary>The routes, sorted by name; empty when <see cref="Errors"/> is not.</summary>
    public required IReadOnlyList<RouteDefinition> Routes { get; init; }

    /// <summary>Every problem found, across all files.</summary>
    public required IReadOnlyList<RouteValidationError> Errors { get; init; }

    /// <summary>True when there are no errors.</summary>
    public bool IsValid => Errors.Count == 0;
}
