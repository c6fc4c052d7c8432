namespace Strangler.LegacyDatabase.Dialects;

/// <summary>Whether retrying a failed database write can help.</summary>
public enum FailureKind
{
    /// <summary>Retrying cannot fix it: constraint violation, missing table or column, type mismatch.</summary>
    Permanent,

    /// <summary>Retrying may fix it: connection lost, deadlock, serialization failure, timeout.</summary>
    Transient,
}
