namespace Samples.LegacyMonolith;

/// <summary>Settings of the sample monolith, bound from the <c>LegacyMonolith</c> configuration section.</summary>
public sealed record LegacyMonolithOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "LegacyMonolith";

    /// <summary>Path of the SQLite database file; created with its schema and seed data when missing.</summary>
    public string DatabasePath { get; init; } = "legacy-monolith.db";

    /// <summary>Whether an empty database gets a handful of sample customers and orders on start.</summary>
    public bool Seed { get; init; } = true;
}
