namespace Strangler.Gateway.Admin;

/// <summary>
/// Restore a sub-domain's route as it was at an earlier revision (applied as a new revision): the one rollback request
/// of the admin API (which <c>strangler routes rollback</c> calls) and the dashboard, read and checked by the same code.
/// </summary>
public sealed record RollbackRequest
{
    /// <summary>The revision to restore.</summary>
    public required long Revision { get; init; }

    /// <summary>The sub-domain; needed only when several sub-domains had that revision number.</summary>
    public string? Subdomain { get; init; }

    /// <summary>Why (recorded in the history).</summary>
    public required string Reason { get; init; }

    /// <summary>Who (recorded in the history).</summary>
    public required string Actor { get; init; }
}
