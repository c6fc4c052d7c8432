namespace Strangler.LegacyDatabase.Migrations;

/// <summary>What a migration run did.</summary>
public sealed record MigrationReport
{
    /// <summary>Scripts applied by this run, in order.</summary>
    public required IReadOnlyList<string> Applied { get; init; }

    /// <summary>Scripts found already applied (with a matching checksum).</summary>
    public required IReadOnlyList<string> AlreadyApplied { get; init; }
}
