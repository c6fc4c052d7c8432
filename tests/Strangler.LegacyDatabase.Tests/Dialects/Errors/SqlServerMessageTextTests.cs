using System.Text;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.LegacyDatabase.Tests.Dialects.Errors;

/// <summary>
/// SQL Server's messages filled in as the server fills them. No SQL Server runs here and SqlException cannot be built
/// outside SqlClient, so the text rules are tested on the sys.messages templates themselves, copied from Microsoft's
/// "Database engine events and errors" pages (MicrosoftDocs/sql-docs, docs/relational-databases/errors-events) and
/// a sys.messages query's output (<c>SELECT message_id, text FROM sys.messages WHERE text LIKE '%duplicate key%'</c>).
/// </summary>
public sealed class SqlServerMessageTextTests
{
    private const string Secret = "s3cret-Value";

    public static TheoryData<int, string, string[], string> QuotingValues => new()
    {
        {
            2627, "Violation of %ls constraint '%.*ls'. Cannot insert duplicate key in object '%.*ls'. The duplicate key value is %ls.",
            ["UNIQUE KEY", "UQ_customers_email", "dbo.customers", $"({Secret})"],
            "Violation of UNIQUE KEY constraint 'UQ_customers_email'. Cannot insert duplicate key in object 'dbo.customers'. The duplicate key value is [redacted]."
        },
        {
            // A composite key whose value itself holds "). ", the template's own end.
            2601, "Cannot insert duplicate key row in object '%.*ls' with unique index '%.*ls'. The duplicate key value is %ls.",
            ["dbo.customers", "IX_customers_name", $"(7, {Secret}). (x)"],
            "Cannot insert duplicate key row in object 'dbo.customers' with unique index 'IX_customers_name'. The duplicate key value is [redacted]."
        },
        {
            1505, "The CREATE UNIQUE INDEX statement terminated because a duplicate key was found for the object name '%.*ls' and the index name '%.*ls'. The duplicate key value is %ls.",
            ["dbo.customers", "IX_email", $"({Secret})"],
            "The CREATE UNIQUE INDEX statement terminated because a duplicate key was found for the object name 'dbo.customers' and the index name 'IX_email'. The duplicate key value is [redacted]."
        },
        {
            // The truncated value holds "'." too: the rule reads to the message's end, not to the first quote.
            2628, "String or binary data would be truncated in table '%.*ls', column '%.*ls'. Truncated value: '%.*ls'.",
            ["legacy.dbo.customers", "password_hash", $"{Secret}'. and more"],
            "String or binary data would be truncated in table 'legacy.dbo.customers', column 'password_hash'. Truncated value: [redacted]."
        },
        {
            245, "Conversion failed when converting the %ls value '%.*ls' to data type %ls.",
            ["nvarchar", Secret, "int"],
            "Conversion failed when converting the nvarchar value [redacted] to data type int."
        },
        {
            244, "The conversion of the %ls value '%.*ls' overflowed an %hs column. Use a larger integer column.",
            ["varchar", Secret, "INT1"],
            "The conversion of the varchar value [redacted] overflowed an INT1 column. Use a larger integer column."
        },
        {
            248, "The conversion of the %ls value '%.*ls' overflowed an int column.",
            ["varchar", Secret],
            "The conversion of the varchar value [redacted] overflowed an int column."
        },
        {
            // %ld and %f are numbers, filled in here as text: what matters is that the value goes.
            220, "Arithmetic overflow error for data type %ls, value = %ls.",
            ["tinyint", "256" + Secret],
            "Arithmetic overflow error for data type tinyint, value = [redacted]."
        },
        {
            232, "Arithmetic overflow error for type %ls, value = %ls.",
            ["int", "12345678901.5" + Secret],
            "Arithmetic overflow error for type int, value = [redacted]."
        },
    };

    [Theory]
    [MemberData(nameof(QuotingValues))]
    public void Redact_TakesTheQuotedValueOut_AndKeepsTheNames(int number, string template, string[] arguments, string expected)
    {
        var message = Fill(template, arguments);
        Assert.Contains(Secret, message);

        Assert.Equal(expected, SqlServerMessageText.Redact(number, message));
    }

    public static TheoryData<int, string, string[]> QuotingNoValues => new()
    {
        // 547 names the constraint, database, table and (for a foreign key) column: all kept, nothing to take out.
        {
            547, "The %ls statement conflicted with the %ls constraint \"%.*ls\". The conflict occurred in database \"%.*ls\", table \"%.*ls\"%ls%.*ls%ls.",
            ["INSERT", "FOREIGN KEY", "FK_orders_customers", "legacy", "dbo.customers", ", column '", "id", "'"]
        },
        { 515, "Cannot insert the value NULL into column '%.*ls', table '%.*ls'; column does not allow nulls. %ls fails.", ["name", "legacy.dbo.customers", "INSERT"] },
        { 8152, "String or binary data would be truncated.", [] },
        // 2627 and 2601 as the "Database engine events and errors" page lists them, without the duplicate key's value
        // (servers before 2014): shown as they are, not withheld as an unrecognised form.
        { 2627, "Violation of %ls constraint '%.*ls'. Cannot insert duplicate key in object '%.*ls'.", ["PRIMARY KEY", "PK_customers", "dbo.customers"] },
        { 2601, "Cannot insert duplicate key row in object '%.*ls' with unique index '%.*ls'.", ["dbo.customers", "IX_customers_email"] },
        { 8115, "Arithmetic overflow error converting %ls to data type %ls.", ["expression", "int"] },
    };

    [Theory]
    [MemberData(nameof(QuotingNoValues))]
    public void Redact_LeavesMessagesWithoutValuesAsTheyAre(int number, string template, string[] arguments)
    {
        var message = Fill(template, arguments);

        Assert.Equal(message, SqlServerMessageText.Redact(number, message));
    }

    [Fact]
    public void Redact_WithholdsAValueQuotingMessageThatIsNotInItsTemplatesForm()
    {
        // A server whose language is not English: the template cannot be recognised, so nothing of it is shown.
        var german = $"Zeichenfolgen- oder Binärdaten würden in der Tabelle 'dbo.customers', Spalte 'email' abgeschnitten. Abgeschnittener Wert: '{Secret}'.";

        var redacted = SqlServerMessageText.Redact(2628, german);

        Assert.DoesNotContain(Secret, redacted);
        Assert.Contains("not shown", redacted);
    }

    [Fact]
    public void Describe_LeadsWithTheErrorNumber()
    {
        var message = Fill("String or binary data would be truncated in table '%.*ls', column '%.*ls'. Truncated value: '%.*ls'.",
            "dbo.customers", "email", Secret);

        Assert.Equal("SQL Server error 2628: String or binary data would be truncated in table 'dbo.customers', column 'email'. Truncated value: [redacted].",
            SqlServerMessageText.Describe(2628, message));
    }

    /// <summary>Substitutes the template's string arguments (%ls, %.*ls, %hs) in order, as RAISERROR does.</summary>
    private static string Fill(string template, params string[] arguments)
    {
        var text = new StringBuilder();
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var rest = template.AsSpan(i);
            var spec = rest.StartsWith("%.*ls") ? 5 : rest.StartsWith("%ls") || rest.StartsWith("%hs") ? 3 : 0;
            if (spec == 0)
            {
                text.Append(template[i]);
                continue;
            }

            text.Append(arguments[next++]);
            i += spec - 1;
        }

        Assert.Equal(arguments.Length, next);
        return text.ToString();
    }
}
