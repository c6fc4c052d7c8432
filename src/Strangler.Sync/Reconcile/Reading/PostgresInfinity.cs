using System.Buffers.Binary;
using System.Data.Common;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// PostgreSQL's <c>infinity</c> and <c>-infinity</c> dates and timestamps. Npgsql reads them as
/// <see cref="DateTime.MaxValue"/> and <see cref="DateTime.MinValue"/> (<see cref="DateOnly"/>'s for a date), which no document date equals, so a row holding
/// one would be reported as a difference showing 9999-12-31T23:59:59.9999999Z; it is a row the projection cannot
/// represent, reported as such.
/// </summary>
internal static class PostgresInfinity
{
    /// <summary>Why <paramref name="value"/>, read from column <paramref name="ordinal"/>, cannot be compared; null when it can.</summary>
    public static string? Check(DbDataReader reader, int ordinal, object value)
    {
        // The smallest value is also a real one ('0001-01-01 00:00:00'): only the wire value tells them apart.
        var extreme = value switch
        {
            DateTime time => time == DateTime.MaxValue || time == DateTime.MinValue,
            DateOnly date => date == DateOnly.MaxValue || date == DateOnly.MinValue,
            _ => false,
        };
        if (!extreme)
        {
            return null;
        }

        // The binary wire format: microseconds (timestamp) or days (date) since 2000-01-01, infinity being the
        // largest number and -infinity the smallest.
        using var stream = reader.GetStream(ordinal);
        Span<byte> raw = stackalloc byte[8];
        var length = stream.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
        var sign = length switch
        {
            8 => BinaryPrimitives.ReadInt64BigEndian(raw) switch { long.MaxValue => 1, long.MinValue => -1, _ => 0 },
            4 => BinaryPrimitives.ReadInt32BigEndian(raw) switch { int.MaxValue => 1, int.MinValue => -1, _ => 0 },
            _ => 0,
        };
        return sign == 0
            ? null
            : $"its value is {(sign > 0 ? "infinity" : "-infinity")} ({reader.GetDataTypeName(ordinal)}), which no document date can hold";
    }
}
