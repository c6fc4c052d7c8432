using System.Globalization;
using System.Text.Json;

namespace Strangler.Sync.Debezium;

/// <summary>Reads table, position, timestamp, snapshot flag and transaction from a Debezium <c>source</c> block.</summary>
internal static class SourceBlock
{
    /// <summary>
    /// Not Debezium's: the field in which Strangler's SQLite capture marks a change Strangler itself made (its value
    /// is the <c>strangler_sync_origin</c> row's origin, <c>backfill</c>). Debezium never writes it.
    /// </summary>
    public const string OriginField = "strangler_origin";

    public static (string? Table, SourcePosition? Position, DateTimeOffset? Timestamp, bool Snapshot, string? TransactionId) Read(JsonElement source, string path)
    {
        if (source.ValueKind != JsonValueKind.Object)
        {
            throw new DebeziumFormatException(path, $"expected the source block object but found {FieldSchema.Describe(source)}");
        }

        // MySQL and MariaDB have no schema level: the database is the namespace, as in the topic <prefix>.<db>.<table>.
        var schema = String(source, "schema", path) ?? (IsBinlog(String(source, "connector", path)) ? String(source, "db", path) : null);
        var table = String(source, "table", path);
        var connector = String(source, "connector", path);
        var timestamp = Long(source, "ts_ms", path) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        var snapshot = String(source, "snapshot", path) is { } s && s != "false";
        var position = LogPosition.Read(connector, source, path);
        return (table is null ? null : schema is null ? table : $"{schema}.{table}", position, timestamp, snapshot, TransactionId(source, path));
    }

    /// <summary>The origin of a change Strangler itself made, as its SQLite capture marks it (<see cref="OriginField"/>); else null.</summary>
    public static string? Origin(JsonElement source, string path) => String(source, OriginField, path);

    /// <summary>
    /// SQL Server's (and Db2's) <c>commit_lsn</c>, else PostgreSQL's or Oracle's <c>txId</c>. In the flattened form the
    /// fields come as ExtractNewRecordState's <c>add.fields</c> names them: <c>__commit_lsn</c> / <c>__txId</c>, or with
    /// the <c>source.</c> qualifier <c>__source_commit_lsn</c> / <c>__source_txId</c>.
    /// </summary>
    public static string? TransactionId(JsonElement source, string path, params string[] prefixes)
    {
        foreach (var prefix in prefixes.Length == 0 ? [""] : prefixes)
        {
            if (String(source, prefix + "commit_lsn", path) is { } commitLsn)
            {
                return commitLsn;
            }

            if (TxId(source, prefix + "txId", path, IsOracle(source, String(source, "connector", path), prefix)) is { } txId)
            {
                return txId;
            }
        }

        return null;
    }

    /// <summary>
    /// PostgreSQL's <c>txId</c> is a number (a converter may write it as digits); Oracle's is text that names the
    /// transaction: its XID in hex (<c>"0500080076ca0000"</c>) or, in Debezium's reference examples, <c>"6.28.807"</c>.
    /// </summary>
    private static string? TxId(JsonElement element, string name, string path, bool oracle)
    {
        if (!oracle || !element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return Long(element, name, path)?.ToString(CultureInfo.InvariantCulture);
        }

        return value.GetString() is { Length: > 0 } xid
            ? xid
            : throw new DebeziumFormatException($"{path}.{name}", "an Oracle transaction id is empty");
    }

    /// <summary>True when the fields come from Debezium's Oracle connector (its source block carries an SCN).</summary>
    internal static bool IsOracle(JsonElement source, string? connector, string prefix = "") =>
        connector == "oracle" || source.TryGetProperty(prefix + "scn", out _);

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

    /// <summary>True for the connectors that read a MySQL-style binlog.</summary>
    internal static bool IsBinlog(string? connector) => connector is "mysql" or "mariadb";

    /// <summary>
    /// An integer; a string of digits too: a converter may render a number as text (<c>"event_serial_no": "1"</c> in
    /// the SQL Server connector's own examples, <c>__txId</c> added by a transform).
    /// </summary>
    internal static long? Long(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new DebeziumFormatException($"{path}.{name}", $"expected an integer but found {FieldSchema.Describe(value)}"),
        };
    }
}
