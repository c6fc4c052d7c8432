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

    /// <summary>Fallback when the message carries no log position: only ordered within one Kafka partition.</summary>
    public static SourcePosition Kafka(int partition, long offset) =>
        new($"kafka:{partition.ToString("D10", CultureInfo.InvariantCulture)}:{offset.ToString("D20", CultureInfo.InvariantCulture)}");

    /// <inheritdoc />
    public int CompareTo(SourcePosition? other) => string.CompareOrdinal(Value, other?.Value ?? string.Empty);

    /// <summary>True when this position is strictly after <paramref name="other"/>.</summary>
    public bool IsAfter(SourcePosition? other) => CompareTo(other) > 0;

    /// <inheritdoc />
    public override string ToString() => Value;

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
