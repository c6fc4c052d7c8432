using Microsoft.Data.SqlClient;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;
using Strangler.LegacyDatabase.Tests.Infrastructure;

namespace Strangler.LegacyDatabase.Tests.Dialects.Errors;

/// <summary>
/// Real failures of the dialects' write path, described: the error's number or SQLSTATE and names stay, the row values
/// the engine quotes go. PostgreSQL runs with <c>Include Error Detail=true</c>, so its Detail really holds the row.
/// </summary>
public sealed class DatabaseErrorTextTests(PostgresServer postgres) : IDisposable
{
    private const string Secret = "s3cret-Value";

    private readonly LegacyDatabases _databases = new(postgres);

    public static TheoryData<string, object?, string> PostgresFailures => new()
    {
        // Unique violation: the message names the constraint; the Detail is "Key (email)=(...) already exists."
        { "email", "taken@example.com", "23505: duplicate key value violates unique constraint \"accounts_email_key\" (table accounts)" },
        // NOT NULL: the Detail is "Failing row contains (...)", with every column's value.
        { "name", null, "23502: null value in column \"name\" of relation \"accounts\" violates not-null constraint" },
        // The dialect casts its text parameters to the column's type: the cast's message quotes the input.
        { "age", Secret, "22P02: invalid input syntax for type integer: [redacted]" },
        { "age", "99999999999", "22003: value [redacted] is out of range for type integer" },
        { "born", Secret, "22007: invalid input syntax for type date: [redacted]" },
    };

    [Theory]
    [MemberData(nameof(PostgresFailures))]
    public async Task Postgres_WriteFailure_IsDescribedWithoutItsValues(string column, object? value, string expected)
    {
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = new NpgsqlConnectionStringBuilder(await _databases.CreateAsync(LegacyProvider.Postgres)) { IncludeErrorDetail = true }.ConnectionString;
        await Sql.ExecAsync(dialect, cs,
            "CREATE TABLE accounts (id bigint PRIMARY KEY, email text UNIQUE, name text NOT NULL, age integer, born date)");
        await Sql.WriteAsync(dialect, cs, Row(1, "taken@example.com", Secret));

        var row = Row(2, $"{Secret}@example.com", Secret);
        var write = row with { Columns = new Dictionary<string, object?>(row.Columns) { [column] = value } };
        var error = await Assert.ThrowsAsync<PostgresException>(() => Sql.WriteAsync(dialect, cs, write));

        var described = DatabaseErrorText.Describe(error);

        Assert.Equal(expected, described);
        Assert.DoesNotContain(Secret, described);
        if (value is string text)
        {
            Assert.DoesNotContain(text, described);
        }
        if (error.SqlState.StartsWith("23", StringComparison.Ordinal))
        {
            // What the exception's own message carries with error detail on: the reason a describer is needed at all.
            Assert.Contains(value as string ?? Secret, error.Message);
        }
    }

    [Fact]
    public async Task SqlServer_DuplicateKeyAndTruncation_AreDescribedWithoutTheirValues()
    {
        var dialect = SqlDialects.For(LegacyProvider.SqlServer);
        var cs = await _databases.CreateAsync(LegacyProvider.SqlServer);
        await Sql.ExecAsync(dialect, cs,
            "CREATE TABLE accounts (id bigint PRIMARY KEY, email nvarchar(200) UNIQUE, name nvarchar(100) NOT NULL, age int, code varchar(5))");
        await Sql.WriteAsync(dialect, cs, Row(1, $"{Secret}@example.com", "Ada"));

        var duplicate = await Assert.ThrowsAsync<SqlException>(() => Sql.WriteAsync(dialect, cs, Row(2, $"{Secret}@example.com", "Bo")));
        var tooLong = await Assert.ThrowsAsync<SqlException>(() => Sql.WriteAsync(dialect, cs,
            new RowWrite
            {
                Table = "accounts", KeyColumn = "id", Key = 3L, Operation = WriteOperation.Upsert,
                Columns = new Dictionary<string, object?> { ["name"] = "Cy", ["code"] = Secret }
            }));

        Assert.Contains(Secret, duplicate.Message);
        Assert.StartsWith("SQL Server error 2627: ", DatabaseErrorText.Describe(duplicate));
        Assert.DoesNotContain(Secret, DatabaseErrorText.Describe(duplicate));
        Assert.Matches("^SQL Server error (2628|8152): ", DatabaseErrorText.Describe(tooLong));
        Assert.DoesNotContain(Secret, DatabaseErrorText.Describe(tooLong));
    }

    private static RowWrite Row(long id, string email, string name) => new()
    {
        Table = "accounts", KeyColumn = "id", Key = id, Operation = WriteOperation.Upsert,
        Columns = new Dictionary<string, object?> { ["email"] = email, ["name"] = name },
    };

    public void Dispose() => _databases.Dispose();
}
