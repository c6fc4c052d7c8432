using System.Globalization;

namespace Strangler.Sync.Debezium;

/// <summary>
/// Where a change sits in the legacy database's log, encoded as a fixed-width string so that ordinal string order is
/// log order. Stores can therefore compare positions in a query filter (MongoDB <c>$lt</c>) without knowing the
/// connector.
/// </summary>
/// <param name="Value">The encoded position; compare with <see cref="CompareTo"/>.</param>
public sealed record SourcePosition(string Value) : IComparable<SourcePosition>
{
    /// <summary>The position before every change (a document never written).</summary>
    public static SourcePosition None { get; } = new(string.Empty);

    /// <summary>SQL Server: commit LSN, then change LSN, then event serial number (LSNs as <c>xxxxxxxx:xxxxxxxx:xxxx</c>).</summary>
    public static SourcePosition SqlServer(string? commitLsn, string? changeLsn, long eventSerialNo) =>
        new($"mssql:{Lsn(commitLsn)}:{Lsn(changeLsn)}:{eventSerialNo.ToString("D20", CultureInfo.InvariantCulture)}");

    /// <summary>PostgreSQL: the WAL LSN of the change, then its position within the transaction.</summary>
    public static SourcePosition Postgres(long lsn, long sequence) =>
        new($"pg:{lsn.ToString("D20", CultureInfo.InvariantCulture)}:{sequence.ToString("D20", CultureInfo.InvariantCulture)}");

    /// <summary>
    /// MySQL / MariaDB: the binlog file's sequence number, the event's byte offset in that file, the row within the
    /// event. Binlog coordinates belong to one server: after a failover to a replica with its own binlog they restart
    /// and do not order against the old ones (GTIDs would; Debezium's source block carries only the current one).
    /// </summary>
    public static SourcePosition MySql(long fileSequence, long pos, long row) =>
        new($"mysql:{fileSequence.ToString("D20", CultureInfo.InvariantCulture)}:{pos.ToString("D20", CultureInfo.InvariantCulture)}:{row.ToString("D10", CultureInfo.InvariantCulture)}");

    /// <summary>
    /// Oracle: the transaction's commit SCN, the change's SCN, its redo record (<c>rs_id</c>, as
    /// <c>log sequence.block.offset</c> in hex) and the statement within that record (<c>ssn</c>). Changes commit in
    /// commit SCN order; a transaction's changes can share an SCN, and the redo record then orders them.
    /// </summary>
    public static SourcePosition Oracle(long commitScn, long scn, string? rsId, long ssn) =>
        new($"oracle:{commitScn.ToString("D20", CultureInfo.InvariantCulture)}:{scn.ToString("D20", CultureInfo.InvariantCulture)}:{RedoRecord(rsId)}:{ssn.ToString("D10", CultureInfo.InvariantCulture)}");

    /// <summary>Db2: commit LSN, then change LSN (LSNs as <c>xxxxxxxx:xxxxxxxx:xxxxxxxxxxxxxxxx</c>, 16 bytes).</summary>
    public static SourcePosition Db2(string? commitLsn, string? changeLsn) =>
        new($"db2:{HexParts(commitLsn, "a Db2 LSN", ':', 8, 8, 16)}:{HexParts(changeLsn, "a Db2 LSN", ':', 8, 8, 16)}");

    /// <summary>Fallback when the message carries no log position: only ordered within one Kafka partition.</summary>
    public static SourcePosition Kafka(int partition, long offset) =>
        new($"kafka:{partition.ToString("D10", CultureInfo.InvariantCulture)}:{offset.ToString("D20", CultureInfo.InvariantCulture)}");

    /// <inheritdoc />
    public int CompareTo(SourcePosition? other) => string.CompareOrdinal(Value, other?.Value ?? string.Empty);

    /// <summary>True when this position is strictly after <paramref name="other"/>.</summary>
    public bool IsAfter(SourcePosition? other) => CompareTo(other) > 0;

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>" 0x0034b1.00143517.0010 " -> 8 + 8 + 4 hex digits; absent -> zeros.</summary>
    private static string RedoRecord(string? rsId)
    {
        var text = rsId?.Trim() ?? string.Empty;
        return HexParts(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, "an Oracle redo record id", '.', 8, 8, 4);
    }

    /// <summary>Parts of hex digits, each left-padded to its width, so that ordinal order is numeric order.</summary>
    private static string HexParts(string? text, string what, char separator, params int[] widths)
    {
        if (string.IsNullOrEmpty(text) || text == "NULL")
        {
            return new string('0', widths.Sum());
        }

        var parts = text.Split(separator);
        if (parts.Length != widths.Length || parts.Zip(widths).Any(p => p.First.Length == 0 || p.First.Length > p.Second || !p.First.All(char.IsAsciiHexDigit)))
        {
            var shape = string.Join(separator, widths.Select(w => new string('x', w)));
            throw new FormatException($"'{text}' is not {what} ({shape}).");
        }

        return string.Concat(parts.Zip(widths).Select(p => p.First.PadLeft(p.Second, '0').ToLowerInvariant()));
    }

    private static string Lsn(string? lsn)
    {
        if (string.IsNullOrEmpty(lsn))
        {
            return "00000000000000000000";
        }

        // An LSN's bytes as bare hex ("00" in SeaTunnel's snapshot rows): Debezium's Lsn reads it the same way.
        if (lsn.Length <= 20 && lsn.All(char.IsAsciiHexDigit))
        {
            return lsn.PadLeft(20, '0').ToLowerInvariant();
        }

        // "0000002a:00000758:0005" -> 8 + 8 + 4 hex digits, uppercase-insensitive.
        var parts = lsn.Split(':');
        if (parts.Length != 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiHexDigit)))
        {
            throw new FormatException($"'{lsn}' is not a SQL Server LSN (xxxxxxxx:xxxxxxxx:xxxx).");
        }

        return parts[0].PadLeft(8, '0').ToLowerInvariant() + parts[1].PadLeft(8, '0').ToLowerInvariant() + parts[2].PadLeft(4, '0').ToLowerInvariant();
    }
}
