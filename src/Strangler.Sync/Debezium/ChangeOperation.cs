namespace Strangler.Sync.Debezium;

/// <summary>What a Debezium change event did to its row (Debezium's <c>op</c> field).</summary>
public enum ChangeOperation
{
    /// <summary><c>c</c>: a row was inserted.</summary>
    Create,

    /// <summary><c>u</c>: a row was updated.</summary>
    Update,

    /// <summary><c>d</c>: a row was deleted.</summary>
    Delete,

    /// <summary><c>r</c>: a row read by the initial snapshot.</summary>
    Read,

    /// <summary><c>t</c>: the table was truncated.</summary>
    Truncate,

    /// <summary>A null value after a delete, kept for log compaction; carries only the key.</summary>
    Tombstone,
}
