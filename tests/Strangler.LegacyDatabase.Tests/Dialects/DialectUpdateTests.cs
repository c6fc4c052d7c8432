using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Tests.Infrastructure;

namespace Strangler.LegacyDatabase.Tests.Dialects;

/// <summary>
/// Each dialect's batched update against its real engine: a legacy table with a column only the monolith knows
/// (<c>Code</c>, NOT NULL without a default), which an upsert could never write and an update leaves alone.
/// </summary>
public sealed class DialectUpdateTests(PostgresServer postgres) : IDisposable
{
    private readonly LegacyDatabases _databases = new(postgres);

    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite, LegacyProvider.SqlServer];

    private static async Task<(ISqlDialect Dialect, string ConnectionString)> CreateAsync(LegacyDatabases databases, LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await databases.CreateAsync(provider);
        await Sql.ExecAsync(dialect, cs, provider switch
        {
            LegacyProvider.SqlServer =>
                "CREATE TABLE Customers (Id int PRIMARY KEY, Name nvarchar(100) NOT NULL, Code nvarchar(10) NOT NULL, Balance decimal(10,2) NULL)",
            LegacyProvider.Postgres =>
                "CREATE TABLE \"Customers\" (\"Id\" int PRIMARY KEY, \"Name\" text NOT NULL, \"Code\" text NOT NULL, \"Balance\" numeric(10,2))",
            _ => "CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT NOT NULL, Code TEXT NOT NULL, Balance REAL)",
        });
        var table = dialect.QuoteTable("Customers");
        await Sql.ExecAsync(dialect, cs, $"INSERT INTO {table} VALUES (1, 'Ada', 'A-1', 10.5), (2, 'Bob', 'B-2', NULL), (3, 'Cy', 'C-3', 1)");
        return (dialect, cs);
    }

    private static RowWrite Update(object key, params (string Column, object? Value)[] columns) => new()
    {
        Table = "Customers", KeyColumn = "Id", Key = key, Operation = WriteOperation.Update,
        Columns = columns.ToDictionary(c => c.Column, c => c.Value),
    };

    private static Task<List<(long Id, string Name, string Code, double? Balance)>> RowsAsync(ISqlDialect dialect, string cs) =>
        Sql.QueryAsync<(long Id, string Name, string Code, double? Balance)>(dialect, cs,
            $"SELECT {dialect.QuoteIdentifier("Id")}, {dialect.QuoteIdentifier("Name")}, {dialect.QuoteIdentifier("Code")}, " +
            $"{dialect.QuoteIdentifier("Balance")} FROM {dialect.QuoteTable("Customers")} ORDER BY 1");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAsync_Update_SetsOnlyItsColumns_AndLeavesTheLegacyOnesAlone(LegacyProvider provider)
    {
        var (dialect, cs) = await CreateAsync(_databases, provider);

        await Sql.WriteAsync(dialect, cs, Update(1L, ("Name", "Ada L")), Update("3", ("Name", "Cy K"), ("Balance", null)));

        Assert.Equal([(1L, "Ada L", "A-1", (double?)10.5), (2L, "Bob", "B-2", null), (3L, "Cy K", "C-3", null)],
            await RowsAsync(dialect, cs));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAsync_UpdateOfKeysWithoutARow_FailsPermanentNamingThem_AndWritesNothing(LegacyProvider provider)
    {
        var (dialect, cs) = await CreateAsync(_databases, provider);

        var error = await Assert.ThrowsAsync<LegacyRowMissingException>(() =>
            Sql.WriteAsync(dialect, cs, Update(1L, ("Name", "changed")), Update(42L, ("Name", "x")), Update(2L, ("Name", "changed"))));

        Assert.Equal(FailureKind.Permanent, dialect.Classify(error));
        Assert.Equal(["42"], error.Keys);
        Assert.Equal("no row with Id = 42 in Customers; an update mapping does not insert", error.Message);
        Assert.Equal(["Ada", "Bob", "Cy"], (await RowsAsync(dialect, cs)).Select(r => r.Name));
    }

    // The backfill matches the missing keys to the events that wrote them, by the key as written: the engine's own text
    // of a key (SQLite's of 9.50 is "9.5") would match none, and the batch would fall back to splitting in halves.
    // PostgreSQL casts a key's text to the column's type, which refuses "9.50" for an int: a zero-padded key there.
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAsync_UpdateOfKeysWithoutARow_NamesEachKeyAsItWasWritten(LegacyProvider provider)
    {
        var (dialect, cs) = await CreateAsync(_databases, provider);
        object odd = provider == LegacyProvider.Postgres ? "0009" : 9.50m;

        var error = await Assert.ThrowsAsync<LegacyRowMissingException>(() =>
            Sql.WriteAsync(dialect, cs, Update(odd, ("Name", "x")), Update(1L, ("Name", "changed")), Update(42L, ("Name", "y"))));

        Assert.Equal([WritePlanner.KeyText(odd), "42"], error.Keys);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAsync_UpdateOfMoreRowsThanOneStatementTakes_UpdatesThemAll(LegacyProvider provider)
    {
        var (dialect, cs) = await CreateAsync(_databases, provider);
        var table = dialect.QuoteTable("Customers");
        await Sql.ExecAsync(dialect, cs, $"DELETE FROM {table}");
        await Sql.WriteAsync(dialect, cs, Enumerable.Range(1, 3_000).Select(i => new RowWrite
        {
            Table = "Customers", KeyColumn = "Id", Key = (long)i, Operation = WriteOperation.Upsert,
            Columns = new Dictionary<string, object?> { ["Name"] = "n" + i, ["Code"] = "c" + i },
        }).ToArray());

        await Sql.WriteAsync(dialect, cs, Enumerable.Range(1, 3_000).Select(i => Update((long)i, ("Name", "u" + i))).ToArray());

        var rows = await RowsAsync(dialect, cs);
        Assert.Equal(3_000, rows.Count);
        Assert.All(rows, r => Assert.Equal(("u" + r.Id, "c" + r.Id), (r.Name, r.Code)));
    }

    // The PostgreSQL writes are one statement per group whatever its size, the update as much as the upsert: a
    // statement-level trigger fires once per statement.
    [Fact]
    public async Task WriteAsync_Postgres_UpdatesAGroupWithOneStatement()
    {
        var (dialect, cs) = await CreateAsync(_databases, LegacyProvider.Postgres);
        await Sql.ExecAsync(dialect, cs, """
            CREATE TABLE statements (n int);
            CREATE FUNCTION count_statement() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO statements VALUES (1); RETURN NULL; END $$;
            CREATE TRIGGER count_statement AFTER UPDATE ON "Customers" FOR EACH STATEMENT EXECUTE FUNCTION count_statement();
            """);

        await Sql.WriteAsync(dialect, cs, Update(1L, ("Name", "a")), Update(2L, ("Name", "b")), Update(3L, ("Name", "c")));

        Assert.Equal([1L], await Sql.QueryAsync<long>(dialect, cs, "SELECT COUNT(*) FROM statements"));
    }

    public void Dispose() => _databases.Dispose();
}
