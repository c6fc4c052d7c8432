using System.Globalization;
using System.Text.Json;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// The findings a job has repaired, on disk as soon as each batch's repair has committed (<c>&lt;report&gt;.repairs</c>).
/// A repair commits before its batch's findings reach the report, and a killed job redoes the batches after its
/// checkpoint: their repaired keys then agree and give no finding, so without this the report and the summary would
/// lose repairs that were made. A resumed job reports such a key with the finding it was repaired for, once. A kill
/// between a repair's commit and this file's write (the time of one small write to disk) still loses that record,
/// never the repair itself. Deleted when a job starts afresh and when it ends.
/// </summary>
internal sealed class RepairJournal : IDisposable
{
    private readonly Dictionary<(int Phase, string Key), Finding> _earlier = [];
    private readonly FileStream _stream;
    private readonly Lock _lock = new();

    private RepairJournal(string path)
    {
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                // The last line of a job killed while writing it may be cut short; its repair is what the kill lost.
                if (Read(line) is { } entry)
                {
                    _earlier[(entry.Phase, KeyText(entry.Finding.Key))] = entry.Finding;
                }
            }
        }

        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    public static string PathFor(string reportPath) => reportPath + ".repairs";

    /// <summary>Opens the journal of the job reporting to <paramref name="reportPath"/>; a fresh job starts an empty one.</summary>
    public static RepairJournal Open(string reportPath, bool fresh)
    {
        if (fresh)
        {
            File.Delete(PathFor(reportPath));
        }

        return new RepairJournal(PathFor(reportPath));
    }

    /// <summary>Records the repaired ones of <paramref name="findings"/> (found in <paramref name="phase"/>) on disk.</summary>
    public void Record(int phase, IEnumerable<Finding> findings)
    {
        var repaired = findings.Where(f => f.Repaired is not null).ToList();
        if (repaired.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var finding in repaired)
            {
                JsonSerializer.Serialize(_stream, new Entry(phase, finding), ReportWriter.Json);
                _stream.WriteByte((byte)'\n');
            }

            _stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>The finding an earlier run of this job repaired <paramref name="key"/> for in <paramref name="phase"/>, if any.</summary>
    public Finding? Earlier(int phase, object key) => _earlier.GetValueOrDefault((phase, KeyText(key)));

    public void Dispose() => _stream.Dispose();

    private static Entry? Read(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<Entry>(line, ReportWriter.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // A key read back from the journal is a JsonElement; the batch's keys are the reader's numbers or strings.
    private static string KeyText(object key) => key switch
    {
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString()!,
        JsonElement element => element.GetRawText(),
        _ => Convert.ToString(key, CultureInfo.InvariantCulture)!,
    };

    private sealed record Entry(int Phase, Finding Finding);
}
