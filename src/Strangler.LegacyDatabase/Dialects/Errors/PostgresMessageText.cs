using System.Buffers;
using System.Text;

namespace Strangler.LegacyDatabase.Dialects.Errors;

/// <summary>
/// A PostgreSQL error as "SQLSTATE: message (table t, column c)", from the error's own fields. Never its Detail, which
/// quotes the failing row ("Failing row contains (...)") or key ("Key (email)=(...) already exists"): Npgsql blanks it
/// unless the connection string says <c>Include Error Detail=true</c>, and a legacy connection string may well say so.
/// </summary>
/// <remarks>
/// The message text itself quotes the input in class 22, data exceptions (https://www.postgresql.org/docs/current/errcodes-appendix.html):
/// <c>invalid input syntax for type integer: "abc"</c>, <c>value "99999999999" is out of range for type integer</c>,
/// <c>date/time field value out of range: "..."</c>. There everything from the first quotation mark to the last is
/// taken out; the other classes' messages quote only names (relation, column, constraint, type).
/// </remarks>
internal static class PostgresMessageText
{
    // ASCII quotes in English; the others are what translated messages use (lc_messages other than English).
    private static readonly SearchValues<char> Quotes = SearchValues.Create("\"«»„“”");

    // A name already quoted in the message ("relation \"accounts\"") is not repeated.
    public static string Describe(string sqlState, string messageText, string? table, string? column)
    {
        var text = new StringBuilder(sqlState).Append(": ").Append(Redact(sqlState, messageText));
        var names = new List<string>(2);
        if (!string.IsNullOrEmpty(table) && !messageText.Contains($"\"{table}\"", StringComparison.Ordinal))
        {
            names.Add("table " + table);
        }

        if (!string.IsNullOrEmpty(column) && !messageText.Contains($"\"{column}\"", StringComparison.Ordinal))
        {
            names.Add("column " + column);
        }

        return names.Count == 0 ? text.ToString() : text.Append(" (").AppendJoin(", ", names).Append(')').ToString();
    }

    /// <summary><paramref name="messageText"/> without the input a data exception (class 22) quotes.</summary>
    public static string Redact(string sqlState, string messageText)
    {
        if (!sqlState.StartsWith("22", StringComparison.Ordinal))
        {
            return messageText;
        }

        var first = messageText.AsSpan().IndexOfAny(Quotes);
        var last = messageText.AsSpan().LastIndexOfAny(Quotes);
        return first < 0
            ? messageText
            : messageText[..first] + DatabaseErrorText.Redacted + (last > first ? messageText[(last + 1)..] : "");
    }
}
