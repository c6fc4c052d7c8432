using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Tests.Infrastructure;

namespace Strangler.LegacyDatabase.Tests.Dialects;

/// <summary>Each dialect's batched upsert and delete against its real engine.</summary>
public sealed class DialectWriteTests(PostgresServer postgres) : IDisposable
{
    private readonly LegacyDatabases _databases = new(postgres);

    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite, LegacyProvider.SqlServer];

    private static string CreateTable(LegacyProvider provider) => provider switch
    {
        LegacyProvider.SqlServer =>
            "CREATE TABLE Customers (Id int PRIMARY KEY, Name nvarchar(100) NOT NULL, Balance decimal(10,2) NULL, Since datetimeoffset NULL)",
        LegacyProvider.Postgres =>
            "CREATE TABLE \"Customers\" (\"Id\" int PRIMARY KEY, \"Name\" text NOT NULL, \"Balance\" numeric(10,2), \"Since\" timestamptz)",
        _ => "CREATE TABLE Customers (Id INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT NOT NULL, Balance REAL, Since TEXT)",
    };

    private static RowWrite Upsert(object key, params (string Column, object? Value)[] columns) => new()
    {
        Table = "Customers", KeyColumn = "Id", Key = key, Operation = WriteOperation.Upsert,
        Columns = columns.ToDictionary(c => c.Column, c => c.Value),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAsync_UpsertsInsertThenUpdateAndDeleteRemoves(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        await Sql.ExecAsync(dialect, cs, CreateTable(provider));

        await Sql.WriteAsync(dialect, cs,
            Upsert(1L, ("Name", "Ada"), ("Balance", 10.5m), ("Since", "2024-01-02T03:04:05+00:00")),
            Upsert(2L, ("Name", "Bob"), ("Balance", null), ("Since", null)),
            Upsert(3L, ("Name", "Cy"), ("Balance", 1m), ("Since", null)));
        await Sql.WriteAsync(dialect, cs,
            Upsert("1", ("Name", "Ada L")),
            new RowWrite { Table = "Customers", KeyColumn = "Id", Key = 3L, Operation = WriteOperation.Delete });

        var rows = await Sql.QueryAsync<(long Id, string Name, double? Balance)>(dialect, cs,
            $"SELECT {dialect.QuoteIdentifier("Id")}, {dialect.QuoteIdentifier("Name")}, {dialect.QuoteIdentifier("Balance")} " +
            $"FROM {dialect.QuoteTable("Customers")} ORDER BY 1");
        Assert.Equal([(1L, "Ada L", (double?)10.5), (2L, "Bob", null)], rows);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAsync_MoreRowsThanOneStatementTakes_WritesThemAll(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        await Sql.ExecAsync(dialect, cs, CreateTable(provider));

        await Sql.WriteAsync(dialect, cs, Enumerable.Range(1, 3_000)
            .Select(i => Upsert((long)i, ("Name", "n" + i), ("Balance", 1m), ("Since", null))).ToArray());

        var count = await Sql.QueryAsync<long>(dialect, cs, $"SELECT COUNT(*) FROM {dialect.QuoteTable("Customers")}");
        Assert.Equal(3_000, Assert.Single(count));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAsync_MissingTableOrNullIntoNotNull_IsClassifiedPermanent(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        await Sql.ExecAsync(dialect, cs, CreateTable(provider));

        var missing = await Assert.ThrowsAnyAsync<Exception>(() => Sql.WriteAsync(dialect, cs,
            new RowWrite
            {
                Table = "Nope", KeyColumn = "Id", Key = 1L, Operation = WriteOperation.Upsert,
                Columns = new Dictionary<string, object?> { ["Name"] = "x" }
            }));
        var notNull = await Assert.ThrowsAnyAsync<Exception>(() => Sql.WriteAsync(dialect, cs, Upsert(5L, ("Name", null))));

        Assert.Equal(FailureKind.Permanent, dialect.Classify(missing));
        Assert.Equal(FailureKind.Permanent, dialect.Classify(notNull));
    }

    public static TheoryData<LegacyProvider> LengthCheckingProviders => [LegacyProvider.Postgres, LegacyProvider.SqlServer];

    [Theory]
    [MemberData(nameof(LengthCheckingProviders))]
    // Bug: PostgreSQL's writes cast each value to the column's type with its length, and an explicit cast to
    // varchar(5) cuts 's3cret-Value' to 's3cre' without a word, so the legacy row silently lost data. (SQLite keeps
    // any length, so it is not in this test.)
    public async Task WriteAsync_ValueLongerThanItsColumn_FailsPermanentAndWritesNothing(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        await Sql.ExecAsync(dialect, cs, provider == LegacyProvider.SqlServer
            ? "CREATE TABLE Codes (Id int PRIMARY KEY, Code nvarchar(5) NOT NULL, Fixed nchar(3) NULL)"
            : "CREATE TABLE \"Codes\" (\"Id\" int PRIMARY KEY, \"Code\" varchar(5) NOT NULL, \"Fixed\" char(3))");
        RowWrite Code(long id, string code, string? fixedWidth) => new()
        {
            Table = "Codes", KeyColumn = "Id", Key = id, Operation = WriteOperation.Upsert,
            Columns = new Dictionary<string, object?> { ["Code"] = code, ["Fixed"] = fixedWidth },
        };

        await Sql.WriteAsync(dialect, cs, Code(1, "abcde", "xyz"));
        var tooLong = await Assert.ThrowsAnyAsync<Exception>(() => Sql.WriteAsync(dialect, cs, Code(2, "s3cret-Value", null)));
        var fixedTooLong = await Assert.ThrowsAnyAsync<Exception>(() => Sql.WriteAsync(dialect, cs, Code(3, "ok", "wxyz")));

        Assert.Equal(FailureKind.Permanent, dialect.Classify(tooLong));
        Assert.Equal(FailureKind.Permanent, dialect.Classify(fixedTooLong));
        var rows = await Sql.QueryAsync<(long Id, string Code)>(dialect, cs,
            $"SELECT {dialect.QuoteIdentifier("Id")}, {dialect.QuoteIdentifier("Code")} FROM {dialect.QuoteTable("Codes")} ORDER BY 1");
        Assert.Equal([(1L, "abcde")], rows);
    }

    public void Dispose() => _databases.Dispose();
}
