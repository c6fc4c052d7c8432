namespace Strangler.LegacyDatabase.Dialects;

/// <summary>One key lookup in Strangler's own text-keyed tables (see <see cref="ISqlDialect.ReadAllByKeysAsync"/>).</summary>
public sealed record KeyLookup
{
    /// <summary>Table name, optionally schema-qualified.</summary>
    public required string Table { get; init; }

    /// <summary>The text key column.</summary>
    public required string KeyColumn { get; init; }

    /// <summary>The column whose value is returned, as text.</summary>
    public required string ValueColumn { get; init; }

    /// <summary>The keys to look up.</summary>
    public required IReadOnlyCollection<string> Keys { get; init; }
}
