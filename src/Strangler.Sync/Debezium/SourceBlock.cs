using System.Globalization;
using System.Text.Json;

namespace Strangler.Sync.Debezium;

/// <summary>Reads table, position, timestamp, snapshot flag and transaction from a Debezium <c>source</c> block.</summary>
internal static class SourceBlock
{
    public static (string? Table, SourcePosition? Position, DateTimeOffset? Timestamp, bool Snapshot, string? TransactionId) Read(JsonElement source, string path)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            throw new DebeziumFormatException(path, $"expected the source block object but found {FieldSchema.Describe(source)}");
        }

        var schema = String(source, "schema", path);
        var table = String(source, "table", path);
        var connector = String(source, "connector", path);
        var timestamp = Long(source, "ts_ms", path) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        var snapshot = String(source, "snapshot", path) is { } s && s != "false";
        var position = Position(connector, source, path);
        return (table is null ? null : schema is null ? table : $"{schema}.{table}", position, timestamp, snapshot, TransactionId(source, path));
    }

    /// <summary>
    /// SQL Server's <c>commit_lsn</c>, else PostgreSQL's <c>txId</c>. In the flattened form the fields come as
    /// ExtractNewRecordState's <c>add.fields</c> names them: <c>__commit_lsn</c> / <c>__txId</c>, or with the
    /// <c>source.</c> qualifier <c>__source_commit_lsn</c> / <c>__source_txId</c>.
    /// </summary>
    public static string? TransactionId(JsonElement source, string path, params string[] prefixes)
    {
        foreach (var prefix in prefixes.Length == 0 ? [""] : prefixes)
        {
            if (String(source, prefix + "commit_lsn", path) is { } commitLsn)
            {
                return commitLsn;
            }

            if (TxId(source, prefix + "txId", path) is { } txId)
            {
                return txId.ToString(CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>Position from SQL Server or PostgreSQL fields, whichever are present (prefixed for the flattened form).</summary>
    public static SourcePosition? Position(string? connector, JsonElement source, string path, string prefix = "")
    {
        var commitLsn = String(source, prefix + "commit_lsn", path);
        var changeLsn = String(source, prefix + "change_lsn", path);
        if (connector == "sqlserver" || commitLsn is not null || changeLsn is not null)
        {
            if (commitLsn is null && changeLsn is null)
            {
                throw new DebeziumFormatException($"{path}.{prefix}commit_lsn", "a SQL Server source block needs commit_lsn or change_lsn");
            }

            try
            {
                return SourcePosition.SqlServer(commitLsn, changeLsn, Long(source, prefix + "event_serial_no", path) ?? 0);
            }
            catch (FormatException ex)
            {
                throw new DebeziumFormatException($"{path}.{prefix}change_lsn", ex.Message);
            }
        }

        var lsn = Long(source, prefix + "lsn", path);
        if (connector == "postgresql" || lsn is not null)
        {
            return SourcePosition.Postgres(
                lsn ?? throw new DebeziumFormatException($"{path}.{prefix}lsn", "a PostgreSQL source block needs lsn"),
                Sequence(source, prefix + "sequence", path));
        }

        return null;
    }

    /// <summary>The second entry of PostgreSQL's <c>sequence</c> ("[lastCommitLsn, currentLsn]"), 0 when absent.</summary>
    private static long Sequence(JsonElement source, string name, string path)
    {
        var text = String(source, name, path);
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

    /// <summary>An integer; a string of digits too, since a JSON converter may render added fields as text.</summary>
    private static long? TxId(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new DebeziumFormatException($"{path}.{name}", $"expected an integer but found \"{value.GetString()}\"")
            : Long(element, name, path);

    internal static string? String(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw new DebeziumFormatException($"{path}.{name}", $"expected a string but found {FieldSchema.Describe(value)}"),
        };
    }

    internal static long? Long(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new DebeziumFormatException($"{path}.{name}", $"expected an integer but found {FieldSchema.Describe(value)}");
    }
}
