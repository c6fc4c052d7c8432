using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>
/// The route history as an append-only JSONL file: one <see cref="RouteChange"/> per line, flushed to disk before
/// the change is published. A line that does not read (a torn last line from a crash mid-write, or one edited by hand)
/// is skipped rather than failing start-up, and named in the log with why, so a missing entry is never a silent one.
/// </summary>
internal sealed class RouteHistoryStore
{
    private readonly string _path;
    private readonly List<RouteChange> _entries;
    private readonly Lock _lock = new();

    public RouteHistoryStore(string path, ILogger? logger = null)
    {
        _path = path;
        _entries = File.Exists(path) ? Read(path, logger ?? NullLogger.Instance) : [];
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

    private static List<RouteChange> Read(string path, ILogger logger)
    {
        var entries = new List<RouteChange>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (StoredJson.Deserialize<RouteChange>(line, AdminJson.Options) is { } change)
                {
                    entries.Add(change);
                }
            }
            catch (JsonException ex)
            {
                GatewayLog.HistoryLineSkipped(logger, path, number, HistoryEntryText.Describe(line, ex));
            }
        }

        return entries;
    }
}
