using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Where a resumable job is: the phase, the last key whose batch is done, and how many bytes of the report belong to
/// the batches up to it. Saved once the report holding those batches' findings is on disk (write to a temporary file,
/// then rename; at most once a second, see <see cref="CheckpointSaver"/>), so a job killed at any point resumes after
/// the last saved key with the report cut back to the saved length: a finding written after the last save is written
/// again once, never twice.
/// </summary>
internal sealed record Checkpoint
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The projection (a checkpoint of another one is not resumed).</summary>
    public required string Projection { get; init; }

    /// <summary>1: legacy keys; 2 (reconcile only): the store's ids, for documents without a legacy row; 3: done.</summary>
    public int Phase { get; init; } = 1;

    /// <summary>The last key done in this phase, as text, and whether it is a number.</summary>
    public string? After { get; init; }

    /// <summary>True when <see cref="After"/> is a whole number.</summary>
    public bool AfterIsNumber { get; init; }

    /// <summary>The report's length up to the last batch done.</summary>
    public long ReportBytes { get; init; }

    /// <summary>Keys done in all phases.</summary>
    public long KeysDone { get; init; }

    /// <summary>
    /// Reconcile: the legacy keys phase 1 checked, kept as phase 2 begins, so the summary can tell them from the store's
    /// ids (null in a checkpoint written before they were kept).
    /// </summary>
    public long? LegacyKeys { get; init; }

    /// <summary>Findings written, by kind.</summary>
    public Dictionary<string, long> Findings { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Findings repaired.</summary>
    public long Repaired { get; init; }

    /// <summary>The log position taken before the job started (bulk load: where CDC takes over).</summary>
    public string? StartPosition { get; init; }

    /// <summary>Kafka offsets taken before the job started (bulk load), <c>topic/partition</c> to offset.</summary>
    public Dictionary<string, long>? StartOffsets { get; init; }

    [JsonIgnore]
    public object? AfterKey => After is null ? null : AfterIsNumber ? long.Parse(After, CultureInfo.InvariantCulture) : After;

    public Checkpoint WithAfter(object key) =>
        this with { After = Convert.ToString(key, CultureInfo.InvariantCulture), AfterIsNumber = key is long };

    public static Checkpoint? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return JsonSerializer.Deserialize<Checkpoint>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"checkpoint '{path}' is empty");
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
