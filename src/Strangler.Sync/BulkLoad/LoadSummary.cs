namespace Strangler.Sync.BulkLoad;

/// <summary>The outcome of a bulk load.</summary>
public sealed record LoadSummary
{
    /// <summary>The projection loaded.</summary>
    public required string Projection { get; init; }

    /// <summary>Root keys read (over the whole job when it was resumed).</summary>
    public long KeysLoaded { get; init; }

    /// <summary>Keys whose rows could not be read or mapped (listed in the report).</summary>
    public long Errors { get; init; }

    /// <summary>The log position the loaded documents carry; CDC changes after it apply over them.</summary>
    public required string Position { get; init; }

    /// <summary>
    /// <see cref="Position"/> as the legacy database's log names it, for people: a SQLite database's position is its
    /// capture's change number, where <see cref="Position"/> imitates a SQL Server LSN as the capture's messages do.
    /// </summary>
    public string? PositionDescription { get; init; }

    /// <summary>Whether the pipeline's consumer group was pointed at the offsets taken before the load, and if not, why.</summary>
    public LoadHandover Handover { get; init; }

    /// <summary>
    /// True when the report's checkpoint said an earlier run had finished this load: this run read and wrote nothing
    /// (a restart loads again), and <see cref="Handover"/> is not known.
    /// </summary>
    public bool AlreadyFinished { get; init; }

    /// <summary>How long this run took.</summary>
    public TimeSpan Elapsed { get; init; }
}
