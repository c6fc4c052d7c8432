namespace Strangler.LegacyDatabase.Dialects;

/// <summary>What <see cref="ISqlDialect.StartBatchAsync"/> found: the keys it claimed and the lookups' results.</summary>
public sealed record BatchStart
{
    /// <summary>Keys of the claim rows that were not there yet and are now inserted (text form).</summary>
    public required IReadOnlySet<string> Claimed { get; init; }

    /// <summary>One result per lookup, in order: key to value, both as text.</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, string?>> Lookups { get; init; }
}
