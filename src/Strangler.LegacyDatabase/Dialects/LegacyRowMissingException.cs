namespace Strangler.LegacyDatabase.Dialects;

/// <summary>
/// An <see cref="WriteOperation.Update"/> found no row with its key: a permanent failure, since retrying the same
/// update finds the same nothing. The message names the table and the keys (the event's subject or key field, the one
/// value an operator needs to find the row; no other column's value).
/// </summary>
public sealed class LegacyRowMissingException : Exception
{
    /// <summary>Creates the failure for the keys of <paramref name="table"/> that have no row.</summary>
    public LegacyRowMissingException(string table, string keyColumn, IReadOnlyList<string> keys)
        : base(Describe(table, keyColumn, keys))
    {
        Table = table;
        KeyColumn = keyColumn;
        Keys = keys;
    }

    /// <summary>The table, as the mapping names it.</summary>
    public string Table { get; }

    /// <summary>The key column.</summary>
    public string KeyColumn { get; }

    /// <summary>
    /// The keys with no row, in text form; empty when the engine updated fewer rows than it was given while every key
    /// exists (a trigger or a row-level security policy skipped some).
    /// </summary>
    public IReadOnlyList<string> Keys { get; }

    private static string Describe(string table, string keyColumn, IReadOnlyList<string> keys) => keys.Count switch
    {
        0 => $"the update of {table} changed fewer rows than it had keys, though every key has a row: a trigger or a " +
             "row-level security policy skipped some; an update mapping does not insert",
        1 => $"no row with {keyColumn} = {keys[0]} in {table}; an update mapping does not insert",
        _ => $"no row with {keyColumn} = {keys[0]} in {table} (nor for {keys.Count - 1} other key(s) of the batch: " +
             $"{string.Join(", ", keys.Skip(1).Take(9))}{(keys.Count > 10 ? ", ..." : "")}); an update mapping does not insert",
    };
}
