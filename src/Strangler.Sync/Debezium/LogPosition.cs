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
        var commitLsn = SourceBlock.String(source, prefix + "commit_lsn", path);
        var changeLsn = SourceBlock.String(source, prefix + "change_lsn", path);
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

        var lsn = SourceBlock.Long(source, prefix + "lsn", path);
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
                ? long.Parse(items[1].GetString()!, CultureInfo.InvariantCulture)
                : 0;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new DebeziumFormatException($"{path}.{name}", $"expected a JSON array of two LSN strings but found \"{text}\"");
        }
    }
}
