using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>The result of a flip or rollback.</summary>
internal sealed record RouteAdminResult
{
    /// <summary>How it ended.</summary>
    public required RouteAdminOutcome Outcome { get; init; }

    /// <summary>The recorded change when applied; when <see cref="RouteAdminOutcome.Unchanged"/>, the same shape for
    /// the route as it stays (from and to alike, its revision kept), recorded nowhere.</summary>
    public RouteChange? Change { get; init; }

    /// <summary>Every problem when not applied; <see cref="RouteValidationError.File"/> is empty for request fields.</summary>
    public IReadOnlyList<RouteValidationError> Errors { get; init; } = [];

    /// <summary>On <see cref="RouteAdminOutcome.Conflict"/>: the sub-domain's route as it is now (null if removed).</summary>
    public RouteDefinition? Current { get; init; }

    /// <summary>On <see cref="RouteAdminOutcome.Conflict"/> in a fleet: the revision of the fleet's route state now.</summary>
    public long? CurrentRevision { get; init; }

    internal static RouteAdminResult Conflict(RouteDefinition? current, long? stateRevision, string message) =>
        new() { Outcome = RouteAdminOutcome.Conflict, Current = current, CurrentRevision = stateRevision, Errors = [new("", "revision", message)] };

    internal static RouteAdminResult Unchanged(RouteChange asItStays) => new() { Outcome = RouteAdminOutcome.Unchanged, Change = asItStays };

    internal static RouteAdminResult Invalid(string field, string message) =>
        new() { Outcome = RouteAdminOutcome.Invalid, Errors = [new("", field, message)] };

    internal static RouteAdminResult NotFound(string field, string message) =>
        new() { Outcome = RouteAdminOutcome.NotFound, Errors = [new("", field, message)] };
}
