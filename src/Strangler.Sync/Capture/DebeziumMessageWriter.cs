using System.Globalization;
using System.Text.Json;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Capture;

/// <summary>
/// Writes change events in the shape of Debezium's SQL Server connector (JSON converter, schemas disabled), so that
/// the built-in capture and real Debezium feed the same decoder.
/// </summary>
internal static class DebeziumMessageWriter
{
    /// <summary>An LSN-shaped text (<c>xxxxxxxx:xxxxxxxx:xxxx</c>) for a capture sequence number.</summary>
    public static string Lsn(long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{(sequence >> 48) & 0xFFFFFFFF:x8}:{(sequence >> 16) & 0xFFFFFFFF:x8}:{sequence & 0xFFFF:x4}");

    /// <summary>
    /// The capture sequence number of a position the capture gives (commit and change LSN alike, serial number 1), or
    /// null for any other position.
    /// </summary>
    public static long? Sequence(SourcePosition position)
    {
        var parts = position.Value.Split(':');
        if (parts is not ["mssql", { Length: 20 } commit, _, _]
            || !long.TryParse(commit.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !long.TryParse(commit.AsSpan(8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var middle)
            || !long.TryParse(commit.AsSpan(16, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
        {
            return null;
        }

        var sequence = (high << 48) | (middle << 16) | low;
        var lsn = Lsn(sequence);
        return SourcePosition.SqlServer(lsn, lsn, 1) == position ? sequence : null;
    }

    public static byte[] Key(IReadOnlyDictionary<string, object?> key) => JsonSerializer.SerializeToUtf8Bytes(Plain(key));

    public static byte[] Value(
        string server, string database, string schema, string table, ChangeOperation op,
        IReadOnlyDictionary<string, object?>? before, IReadOnlyDictionary<string, object?>? after,
        long sequence, DateTimeOffset timestamp, DateTimeOffset now, string? origin = null)
    {
        var lsn = Lsn(sequence);
        var sourceBlock = new Dictionary<string, object?>
        {
            ["version"] = "strangler-capture",
            ["connector"] = "sqlserver",
            ["name"] = server,
            ["ts_ms"] = timestamp.ToUnixTimeMilliseconds(),
            ["snapshot"] = op == ChangeOperation.Read ? "true" : "false",
            ["db"] = database,
            ["schema"] = schema,
            ["table"] = table,
            ["change_lsn"] = lsn,
            ["commit_lsn"] = lsn,
            ["event_serial_no"] = 1,
        };
        if (origin is not null)
        {
            // The SQLite capture's mark of Strangler's own write: the change carries it, so the projection needs no
            // database look-up (and it survives a dead letter's replay, which a header might not).
            sourceBlock[SourceBlock.OriginField] = origin;
        }

        var value = new Dictionary<string, object?>
        {
            ["before"] = before is null ? null : Plain(before),
            ["after"] = after is null ? null : Plain(after),
            ["source"] = sourceBlock,
            ["op"] = op switch
            {
                ChangeOperation.Create => "c",
                ChangeOperation.Update => "u",
                ChangeOperation.Delete => "d",
                ChangeOperation.Read => "r",
                ChangeOperation.Truncate => "t",
                _ => throw new ArgumentOutOfRangeException(nameof(op), op, "a tombstone has no value"),
            },
            ["ts_ms"] = now.ToUnixTimeMilliseconds(),
            ["transaction"] = null,
        };
        return JsonSerializer.SerializeToUtf8Bytes(value);
    }

    /// <summary>SQLite-native values as JSON: bytes as base64 (as Debezium writes binary), the rest as they are.</summary>
    private static Dictionary<string, object?> Plain(IReadOnlyDictionary<string, object?> row) =>
        row.ToDictionary(p => p.Key, p => p.Value is byte[] bytes ? Convert.ToBase64String(bytes) : p.Value);
}
