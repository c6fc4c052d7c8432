namespace Strangler.Gateway.Admin;

/// <summary>How a route change request ended.</summary>
internal enum RouteAdminOutcome
{
    /// <summary>Applied: the file is written, the history recorded, the new table serving.</summary>
    Applied,

    /// <summary>
    /// The route already is what the request asks for: nothing written, recorded or published, no revision taken.
    /// A success, so that a script can ensure a state; <see cref="RouteAdminResult.Change"/> describes it unrecorded.
    /// </summary>
    Unchanged,

    /// <summary>The request or the table it would produce is invalid; nothing changed.</summary>
    Invalid,

    /// <summary>The sub-domain or revision does not exist; nothing changed.</summary>
    NotFound,

    /// <summary>The route file could not be written (e.g. a read-only directory); nothing changed.</summary>
    WriteFailed,

    /// <summary>Someone changed the route (or the fleet's state) first; nothing changed, the current state is returned.</summary>
    Conflict,

    /// <summary>The fleet's shared route store cannot be reached; nothing changed.</summary>
    Unavailable,

    /// <summary>This replica's id is held by another running gateway, so it changes nothing in the fleet; nothing changed.</summary>
    ReplicaRefused,
}
