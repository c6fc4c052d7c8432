using System.Globalization;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Whether a value read from a legacy table and a value stored in a document are the same, across the forms the
/// two paths give one value: a driver reads a PostgreSQL timestamptz as a UTC <see cref="DateTime"/> where
/// Debezium's JSON may carry it as ISO text; whole numbers as int or long; numbers as decimal or double; a date as
/// <see cref="DateOnly"/> where the store keeps midnight UTC. Text on one side is parsed as the other side's type.
/// Date-times are compared to the millisecond: both document stores keep BSON date-times, which hold milliseconds, so
/// a legacy column's finer ticks (SQL Server datetime2 and the demo's SQLite text keep 100 ns) can never be stored,
/// and a repair could never make them equal (the demo's every customer differed by its sub-millisecond CreatedAt).
/// </summary>
internal static class ValueComparison
{
    public static bool Equal(object? legacy, object? stored)
    {
        var a = Normalize(legacy);
        var b = Normalize(stored);
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return (a, b) switch
        {
            (decimal x, decimal y) => x == y,
            (double x, double y) => x.Equals(y),
            (decimal x, double y) => Same(x, y),
            (double x, decimal y) => Same(y, x),
            (DateTime x, DateTime y) => Milliseconds(x) == Milliseconds(y),
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (string x, _) => Parsed(x, b),
            (_, string y) => Parsed(y, a),
            _ => a.Equals(b),
        };
    }

    /// <summary>A value as text for a report: invariant, dates in ISO 8601.</summary>
    public static object? ForReport(object? value) => Normalize(value) switch
    {
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        var other => other,
    };

    private static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        int i => (decimal)i,
        long l => (decimal)l,
        short s => (decimal)s,
        byte b => (decimal)b,
        float f => (double)f,
        double d => d,
        decimal m => m,
        DateTime dt => dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : DateTime.SpecifyKind(dt, DateTimeKind.Utc),
        DateTimeOffset dto => dto.UtcDateTime,
        DateOnly date => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        Guid g => g.ToString("D"),
        byte[] bytes => Convert.ToBase64String(bytes),
        _ => value,
    };

    private static long Milliseconds(DateTime value) => value.Ticks / TimeSpan.TicksPerMillisecond;

    // A double holds a decimal column's value only approximately (SQLite REAL, Debezium's double handling).
    private static bool Same(decimal x, double y) =>
        double.IsFinite(y) && Math.Abs((double)x - y) <= 1e-9 * Math.Max(1, Math.Abs(y));

    private static bool Parsed(string text, object other) => other switch
    {
        decimal d => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x == d,
        double d => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && (x.Equals(d) || Same((decimal)d, x)),
        DateTime dt => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var x) && Milliseconds(x.UtcDateTime) == Milliseconds(dt),
        bool b => bool.TryParse(text, out var x) ? x == b : text is "0" or "1" && (text == "1") == b,
        _ => string.Equals(text, Convert.ToString(other, CultureInfo.InvariantCulture), StringComparison.Ordinal),
    };
}
