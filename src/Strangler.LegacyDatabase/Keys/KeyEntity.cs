namespace Strangler.LegacyDatabase.Keys;

/// <summary>An entity whose keys continue the legacy key series.</summary>
public sealed record KeyEntity
{
    /// <summary>Entity name, the row name in <c>strangler_key_blocks</c> (e.g. <c>customers</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The legacy table, used once to start the series after its current maximum key.</summary>
    public required string Table { get; init; }

    /// <summary>The integer key column of <see cref="Table"/>.</summary>
    public required string KeyColumn { get; init; }

    /// <summary>Keys reserved per round trip; larger blocks mean fewer round trips and bigger gaps after a restart.</summary>
    public int BlockSize { get; init; } = 50;
}
