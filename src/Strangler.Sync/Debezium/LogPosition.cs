using System.Globalization;
using System.Text.Json;

namespace Strangler.Sync.Debezium;

/// <summary>
/// Reads where a change sits in the source log from a <c>source</c> block (or, with a prefix, from the fields that
/// ExtractNewRecordState added to a flattened row): SQL Server LSNs, PostgreSQL WAL LSN, MySQL binlog coordinates.
/// </summary>
internal static class LogPosition
{
    /// <summary>The position the fields describe, or null when the message carries none of them.</summary>
    public static SourcePosition? Read(string? connector, JsonElement source, string path, string prefix = "")
    {
        if (SourceBlock.IsOracle(source, connector, prefix))
        {
            return Oracle(source, path, prefix);
        }

        if (connector == "db2")
        {
            return Db2(source, path, prefix);
        }

        // "NULL" is how Debezium's SQL Server Lsn writes a missing LSN into text.
        var commitLsn = SourceBlock.String(source, prefix + "commit_lsn", path) is { } commit and not "NULL" ? commit : null;
        var changeLsn = SourceBlock.String(source, prefix + "change_lsn", path) is { } change and not "NULL" ? change : null;
        if (connector == "sqlserver" || commitLsn is not null || changeLsn is not null)
        {
            if (commitLsn is null && changeLsn is null)
            {
                throw new DebeziumFormatException($"{path}.{prefix}commit_lsn", "a SQL Server source block needs commit_lsn or change_lsn");
            }

            try
            {
                return SourcePosition.SqlServer(commitLsn, changeLsn, SourceBlock.Long(source, prefix + "event_serial_no", path) ?? 0);
            }
            catch (FormatException ex)
            {
                throw new DebeziumFormatException($"{path}.{prefix}change_lsn", ex.Message);
            }
        }

        var lsn = WalLsn(source, prefix + "lsn", path);
        if (connector == "postgresql" || lsn is not null)
        {
            return SourcePosition.Postgres(
                lsn ?? throw new DebeziumFormatException($"{path}.{prefix}lsn", "a PostgreSQL source block needs lsn"),
                Sequence(source, prefix + "sequence", path));
        }

        var file = SourceBlock.String(source, prefix + "file", path);
        if (SourceBlock.IsBinlog(connector) || file is not null)
        {
            return Binlog(source, file, path, prefix);
        }

        return null;
    }

    /// <summary>
    /// Oracle: <c>scn</c> (text in Debezium's source block), <c>commit_scn</c> (absent for snapshot rows, which sit at
    /// the snapshot's SCN, before every change streamed after it), <c>rs_id</c> and <c>ssn</c> (Debezium 2.x on).
    /// </summary>
    private static SourcePosition Oracle(JsonElement source, string path, string prefix)
    {
        var scn = SourceBlock.Long(source, prefix + "scn", path)
            ?? throw new DebeziumFormatException($"{path}.{prefix}scn", "an Oracle source block needs scn");
        var commitScn = SourceBlock.Long(source, prefix + "commit_scn", path) ?? scn;
        var ssn = SourceBlock.Long(source, prefix + "ssn", path) ?? 0;
        var rsId = SourceBlock.String(source, prefix + "rs_id", path);
        return Guarded(() => SourcePosition.Oracle(commitScn, scn, rsId, ssn), $"{path}.{prefix}rs_id");
    }

    /// <summary>Db2's source block names its LSNs as SQL Server's does, but they are 16 bytes, not 10.</summary>
    private static SourcePosition Db2(JsonElement source, string path, string prefix)
    {
        var commitLsn = SourceBlock.String(source, prefix + "commit_lsn", path);
        var changeLsn = SourceBlock.String(source, prefix + "change_lsn", path);
        Guarded(() => SourcePosition.Db2(null, changeLsn), $"{path}.{prefix}change_lsn"); // so that an error names the LSN at fault
        return Guarded(() => SourcePosition.Db2(commitLsn, changeLsn), $"{path}.{prefix}commit_lsn");
    }

    private static SourcePosition Guarded(Func<SourcePosition> position, string path)
    {
        try
        {
            return position();
        }
        catch (FormatException ex)
        {
            throw new DebeziumFormatException(path, ex.Message);
        }
    }

    /// <summary>
    /// MySQL / MariaDB: binlog file, the event's offset in it (<c>pos</c>), the row within the event (<c>row</c>).
    /// The file's numeric extension orders files (mysql-bin.000009 before mysql-bin.000010, and on past 999999).
    /// </summary>
    private static SourcePosition Binlog(JsonElement source, string? file, string path, string prefix)
    {
        if (file is null)
        {
            throw new DebeziumFormatException($"{path}.{prefix}file", "a MySQL source block needs the binlog file");
        }

        var pos = SourceBlock.Long(source, prefix + "pos", path)
            ?? throw new DebeziumFormatException($"{path}.{prefix}pos", "a MySQL source block needs pos");
        var row = SourceBlock.Long(source, prefix + "row", path) ?? 0;

        // Flink CDC's snapshot rows carry file "" and pos 0: before every binlog event, which is where they belong.
        long sequence = 0;
        var dot = file.LastIndexOf('.');
        if (file.Length > 0
            && (dot < 0 || !long.TryParse(file.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence)))
        {
            throw new DebeziumFormatException($"{path}.{prefix}file", $"expected a binlog file name ending in its sequence number (mysql-bin.000003) but found \"{file}\"");
        }

        return SourcePosition.MySql(sequence, pos, row);
    }

    /// <summary>
    /// PostgreSQL's WAL LSN, an unsigned 64-bit offset that Debezium writes as an int64. SeaTunnel's and Flink CDC's
    /// snapshot rows carry Long.MIN_VALUE as "no LSN yet", rendered through a double as -9223372036854776000 (out of
    /// int64 range): any negative LSN is that sentinel and reads as 0, before every streamed change.
    /// </summary>
    private static long? WalLsn(JsonElement source, string name, string path)
    {
        if (source.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && !value.TryGetInt64(out _) && value.GetRawText().StartsWith('-'))
        {
            return 0;
        }

        return SourceBlock.Long(source, name, path) is { } lsn ? Math.Max(0, lsn) : null;
    }

    /// <summary>The second entry of PostgreSQL's <c>sequence</c> ("[lastCommitLsn, currentLsn]"), 0 when absent.</summary>
    private static long Sequence(JsonElement source, string name, string path)
    {
        var text = SourceBlock.String(source, name, path);
        if (text is null)
        {
            return 0;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var items = document.RootElement.EnumerateArray().ToList();
            return items.Count == 2 && items[1].ValueKind == JsonValueKind.String
                ? Math.Max(0, long.Parse(items[1].GetString()!, CultureInfo.InvariantCulture))
                : 0;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new DebeziumFormatException($"{path}.{name}", $"expected a JSON array of two LSN strings but found \"{text}\"");
        }
    }
}
