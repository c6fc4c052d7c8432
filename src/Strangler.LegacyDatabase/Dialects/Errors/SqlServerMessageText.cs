using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;

namespace Strangler.LegacyDatabase.Dialects.Errors;

/// <summary>
/// SQL Server's messages without the values some of them quote. The templates are sys.messages' English texts, as
/// Microsoft's "Database engine events and errors" pages list them (MicrosoftDocs/sql-docs,
/// docs/relational-databases/errors-events); each error number below quotes a value through one of its arguments.
/// </summary>
/// <remarks>
/// 2628 is SQL Server 2019's verbose truncation error, which replaces 8152 ("String or binary data would be
/// truncated.", no value) at compatibility level 150 and up (database scoped configuration VERBOSE_TRUNCATION_WARNINGS):
/// its template is quoted in "What's new in SQL Server 2019"
/// (https://learn.microsoft.com/sql/sql-server/what-s-new-in-sql-server-2019) and in
/// https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors-2000-to-2999.
/// That page lists 2627 and 2601 in their older form, without "The duplicate key value is %ls."; the servers since
/// 2014 add it. A message in the older form quotes no value and is shown as it is.
/// </remarks>
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
        // 220 Arithmetic overflow error for data type %ls, value = %ld.
        [220] = ArithmeticValue(),
        // 232 Arithmetic overflow error for type %ls, value = %f.
        [232] = ArithmeticValue(),
    };

    /// <summary>The documented forms of value-quoting errors that quote none (see the remarks).</summary>
    private static readonly Dictionary<int, Regex> ValueFreeForms = new()
    {
        [2627] = DuplicateKeyWithoutValue(),
        [2601] = DuplicateRowWithoutValue(),
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

        if (rule.IsMatch(message))
        {
            return rule.Replace(message, "${before}" + DatabaseErrorText.Redacted + "${after}", 1);
        }

        return ValueFreeForms.TryGetValue(number, out var valueFree) && valueFree.IsMatch(message)
            ? message
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

    [GeneratedRegex(@"(?<before>^Arithmetic overflow error for (?:data )?type \S+, value = ).*(?<after>\.)$", RegexOptions.Singleline)]
    private static partial Regex ArithmeticValue();

    // Whole messages, ending at the object's or index's closing quote: the form with a value ends in ")." instead.
    [GeneratedRegex(@"^Violation of [^']* constraint '[^']*'\. Cannot insert duplicate key in object '[^']*'\.$")]
    private static partial Regex DuplicateKeyWithoutValue();

    [GeneratedRegex(@"^Cannot insert duplicate key row in object '[^']*' with unique index '[^']*'\.$")]
    private static partial Regex DuplicateRowWithoutValue();
}
