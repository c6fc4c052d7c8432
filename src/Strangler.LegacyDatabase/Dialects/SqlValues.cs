using System.Globalization;

namespace Strangler.LegacyDatabase.Dialects;

/// <summary>Conversions of mapped values into what each driver binds well.</summary>
internal static class SqlValues
{
    /// <summary>Invariant text form (PostgreSQL casts it to the column's type on the server).</summary>
    public static string? ToText(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
