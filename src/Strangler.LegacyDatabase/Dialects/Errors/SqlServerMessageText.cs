using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;

namespace Strangler.LegacyDatabase.Dialects.Errors;

/// <summary>
/// SQL Server's messages without the values some of them quote. The templates are sys.messages' English texts, as
/// Microsoft's "Database engine events and errors" pages list them (MicrosoftDocs/sql-docs,
/// docs/relational-databases/errors-events); each error number below quotes a value through one of its arguments.
/// </summary>
internal static partial class SqlServerMessageText
{
    // 3621 "The statement has been terminated." (severity 0) follows most statement errors and says nothing more.
    private const int MaxInformationalClass = 10;

    /// <summary>Error numbers whose message quotes a row value, with the rule that takes it out.</summary>
    private static readonly Dictionary<int, Regex> ValueRules = new()
    {
        // 2627 Violation of %ls constraint '%.*ls'. Cannot insert duplicate key in object '%.*ls'. The duplicate key value is %ls.
        [2627] = DuplicateKey(),
        // 2601 Cannot insert duplicate key row in object '%.*ls' with unique index '%.*ls'. The duplicate key value is %ls.
        [2601] = DuplicateKey(),
        // 1505 The CREATE UNIQUE INDEX statement terminated because a duplicate key was found for the object name
        //      '%.*ls' and the index name '%.*ls'. The duplicate key value is %ls.
        [1505] = DuplicateKey(),
        // 2628 String or binary data would be truncated in table '%.*ls', column '%.*ls'. Truncated value: '%.*ls'.
        [2628] = TruncatedValue(),
        // 245 Conversion failed when converting the %ls value '%.*ls' to data type %ls.
        [245] = ConvertedValue(),
        // 244 The conversion of the %ls value '%.*ls' overflowed an %hs column. Use a larger integer column.
        [244] = OverflowedValue(),
        // 248 The conversion of the %ls value '%.*ls' overflowed an int column.
        [248] = OverflowedValue(),
    };

    /// <summary>Every error of <paramref name="exception"/> as "SQL Server error N: text", joined by "; ".</summary>
    public static string Describe(SqlException exception)
    {
        var errors = exception.Errors.Cast<SqlError>().ToList();
        var shown = errors.Where(e => e.Class > MaxInformationalClass).ToList();
        var described = (shown.Count > 0 ? shown : errors).Select(e => Describe(e.Number, e.Message)).ToList();
        // SqlClient always lists at least one error; Number would throw on an empty list, so it is not asked.
        return described.Count > 0 ? string.Join("; ", described) : "SQL Server error: " + exception.Message;
    }

    /// <summary>"SQL Server error N: text", the value taken out of <paramref name="message"/> when error N quotes one.</summary>
    public static string Describe(int number, string message) =>
        $"SQL Server error {number.ToString(CultureInfo.InvariantCulture)}: {Redact(number, message)}";

    /// <summary>
    /// <paramref name="message"/> with its quoted value replaced by <see cref="DatabaseErrorText.Redacted"/>. A message of
    /// such an error that does not read as its template (a server set to another language) is withheld whole.
    /// </summary>
    public static string Redact(int number, string message)
    {
        if (!ValueRules.TryGetValue(number, out var rule))
        {
            return message;
        }

        return rule.IsMatch(message)
            ? rule.Replace(message, "${before}" + DatabaseErrorText.Redacted + "${after}", 1)
            : "(the message is not shown: this error quotes a row value, and its text is not in the form expected)";
    }

    // Greedy up to the template's last fixed words: a value may itself contain ")." or "'.", and its end is the message's.
    [GeneratedRegex(@"(?<before>The duplicate key value is )\(.*\)(?<after>\.)", RegexOptions.Singleline)]
    private static partial Regex DuplicateKey();

    [GeneratedRegex(@"(?<before>Truncated value: )'.*'(?<after>\.)", RegexOptions.Singleline)]
    private static partial Regex TruncatedValue();

    [GeneratedRegex(@"(?<before>Conversion failed when converting the \S+ value )'.*'(?<after> to data type )", RegexOptions.Singleline)]
    private static partial Regex ConvertedValue();

    [GeneratedRegex(@"(?<before>The conversion of the \S+ value )'.*'(?<after> overflowed )", RegexOptions.Singleline)]
    private static partial Regex OverflowedValue();
}
