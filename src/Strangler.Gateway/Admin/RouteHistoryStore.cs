using System.Text.Json;

namespace Strangler.Gateway.Admin;

/// <summary>
/// The route history as an append-only JSONL file: one <see cref="RouteChange"/> per line, flushed to disk before
/// the change is published. A torn last line (crash mid-write) is skipped on read rather than failing start-up.
/// </summary>
internal sealed class RouteHistoryStore
{
    private readonly string _path;
    private readonly List<RouteChange> _entries;
    private readonly Lock _lock = new();

    public RouteHistoryStore(string path)
    {
        _path = path;
        _entries = File.Exists(path) ? Read(path) : [];
    }

    public IReadOnlyList<RouteChange> All()
    {
        lock (_lock)
        {
            return _entries.ToArray();
        }
    }

    public void Append(RouteChange change)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(change, AdminJson.Options);
        lock (_lock)
        {
            // In memory first: the running gateway can still roll back even when the disk refuses the line.
            _entries.Add(change);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
            using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(line);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }
    }

    private static List<RouteChange> Read(string path)
    {
        var entries = new List<RouteChange>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<RouteChange>(line, AdminJson.Options) is { } change)
                {
                    entries.Add(change);
                }
            }
            catch (JsonException)
            {
                // A torn write from a crash; the entries before it are intact.
            }
        }

        return entries;
    }
}
