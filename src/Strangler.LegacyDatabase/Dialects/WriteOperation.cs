namespace Strangler.LegacyDatabase.Dialects;

/// <summary>What a <see cref="RowWrite"/> does to its row.</summary>
public enum WriteOperation
{
    /// <summary>Insert the row, or update the given columns when the key already exists.</summary>
    Upsert,

    /// <summary>Delete the row with the key; a missing row is not an error.</summary>
    Delete,

    /// <summary>
    /// Set the given columns of the existing row with the key and leave its other columns alone; never inserts. A
    /// missing row fails the write with <see cref="LegacyRowMissingException"/>, a permanent failure.
    /// </summary>
    Update,
}
