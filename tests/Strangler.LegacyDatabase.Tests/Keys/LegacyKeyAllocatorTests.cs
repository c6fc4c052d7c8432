using Dapper;
using Microsoft.Extensions.Time.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Keys;
using Strangler.LegacyDatabase.Migrations;
using Strangler.LegacyDatabase.Tests.Infrastructure;

namespace Strangler.LegacyDatabase.Tests.Keys;

public sealed class LegacyKeyAllocatorTests(PostgresServer postgres) : IDisposable
{
    private const int PerSide = 150;
    private readonly LegacyDatabases _databases = new(postgres);

    private static readonly KeyEntity Customers = new() { Name = "customers", Table = "customers", KeyColumn = "id", BlockSize = 7 };

    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MonolithAndServiceInsertingConcurrently_NeverCollide(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await PrepareAsync(provider, dialect);
        using var allocator = new LegacyKeyAllocator(dialect, cs, [Customers]);

        var monolith = Task.Run(async () =>
        {
            await using var connection = dialect.CreateConnection(cs);
            for (var i = 0; i < PerSide; i++)
            {
                // The monolith's own insert: PostgreSQL takes the key from the shared row, SQLite from AUTOINCREMENT.
                await connection.ExecuteAsync(provider == LegacyProvider.Postgres
                    ? "INSERT INTO customers (id, origin) VALUES (strangler_next_key('customers'), 'monolith')"
                    : "INSERT INTO customers (origin) VALUES ('monolith')");
            }
        }, TestContext.Current.CancellationToken);
        var service = Task.Run(async () =>
        {
            await using var connection = dialect.CreateConnection(cs);
            for (var i = 0; i < PerSide; i++)
            {
                var id = await allocator.NextAsync("customers", TestContext.Current.CancellationToken);
                await connection.ExecuteAsync("INSERT INTO customers (id, origin) VALUES (@id, 'service')", new { id });
            }
        }, TestContext.Current.CancellationToken);
        await Task.WhenAll(monolith, service);

        var rows = await Sql.QueryAsync<(long Id, string Origin)>(dialect, cs, "SELECT id, origin FROM customers");
        Assert.Equal(2 * PerSide + 3, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        Assert.All(rows.Where(r => r.Origin == "service"), r => Assert.True(r.Id > 3, $"service key {r.Id} reuses a legacy key"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NextAsync_ContinuesAfterTheLegacyMaximumAcrossBlocks(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await PrepareAsync(provider, dialect);
        using var allocator = new LegacyKeyAllocator(dialect, cs, [Customers]);

        var keys = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            keys.Add(await allocator.NextAsync("customers", TestContext.Current.CancellationToken));
        }

        Assert.Equal(Enumerable.Range(4, 10).Select(i => (long)i), keys);
    }

    [Fact]
    public async Task ReserveAsync_SqliteTableWithoutAutoincrement_IsRefusedWithTheReason()
    {
        var dialect = SqlDialects.For(LegacyProvider.Sqlite);
        var cs = await _databases.CreateAsync(LegacyProvider.Sqlite);
        await Sql.ExecAsync(dialect, cs, "CREATE TABLE plain (id INTEGER PRIMARY KEY)");
        using var allocator = new LegacyKeyAllocator(dialect, cs, []);

        var error = await Assert.ThrowsAsync<LegacySchemaException>(() =>
            allocator.ReserveAsync(new KeyEntity { Name = "plain", Table = "plain", KeyColumn = "id" }, TestContext.Current.CancellationToken));

        Assert.Contains("must declare its key INTEGER PRIMARY KEY AUTOINCREMENT", error.Message);
    }

    [Fact]
    public async Task NextAsync_UnknownEntity_NamesTheConfiguredOnes()
    {
        using var allocator = new LegacyKeyAllocator(SqlDialects.For(LegacyProvider.Sqlite), "Data Source=:memory:", [Customers]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => allocator.NextAsync("orders", TestContext.Current.CancellationToken));

        Assert.Contains("Unknown key entity 'orders'; configured: customers", error.Message);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NextAsync_TwoAllocatorsAtOnce_NeverHandOutTheSameKey(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await PrepareAsync(provider, dialect);
        using var first = new LegacyKeyAllocator(dialect, cs, [Customers]);
        using var second = new LegacyKeyAllocator(dialect, cs, [Customers]);

        var keys = await Task.WhenAll(Take(first), Take(second));

        var all = keys.SelectMany(k => k).ToList();
        Assert.Equal(2 * PerSide, all.Distinct().Count());
        Assert.All(all, k => Assert.True(k > 3, $"key {k} reuses a legacy key"));

        Task<List<long>> Take(LegacyKeyAllocator allocator) => Task.Run(async () =>
        {
            var taken = new List<long>();
            for (var i = 0; i < PerSide; i++)
            {
                taken.Add(await allocator.NextAsync("customers", TestContext.Current.CancellationToken));
            }
            return taken;
        }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task StranglerNextKey_MonolithWithAnotherSearchPath_TakesItsKeyFromTheBlockRow()
    {
        // Bug: the function resolved strangler_key_blocks through the caller's search_path, so a monolith whose
        // search_path does not hold Strangler's schema failed: relation "strangler_key_blocks" does not exist.
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = await PrepareAsync(LegacyProvider.Postgres, dialect);
        var schema = new Npgsql.NpgsqlConnectionStringBuilder(cs).SearchPath!;
        var monolith = new Npgsql.NpgsqlConnectionStringBuilder(cs) { SearchPath = "public" }.ConnectionString;

        var key = (await Sql.QueryAsync<long>(dialect, monolith, $"SELECT {schema}.strangler_next_key('customers')")).Single();

        Assert.Equal(4, key);
    }

    [Fact]
    public async Task StranglerNextKey_UnregisteredEntity_IsRefusedByName()
    {
        // Bug: it returned NULL, and the monolith's insert failed on a NULL key with no word of the block table.
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = await PrepareAsync(LegacyProvider.Postgres, dialect);

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Sql.QueryAsync<long?>(dialect, cs, "SELECT strangler_next_key('orders')"));

        Assert.Equal("strangler_next_key: entity \"orders\" is not registered in strangler_key_blocks", error.MessageText);
    }

    [Theory]
    [InlineData("bigserial", "the default nextval(", "ALTER COLUMN \"id\" SET DEFAULT strangler_next_key('orders')")]
    [InlineData("bigint GENERATED BY DEFAULT AS IDENTITY", "an identity column", "ALTER COLUMN \"id\" DROP IDENTITY, ALTER COLUMN \"id\" SET DEFAULT")]
    public async Task ReserveAsync_PostgresKeyColumnWithItsOwnSequence_IsRefusedSayingWhatToRun(string keyType, string source, string fix)
    {
        // Bug: a block was handed out while the monolith's inserts still took keys from their own sequence, which
        // runs into the block: the two sides collided as soon as the sequence got there.
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = await PrepareAsync(LegacyProvider.Postgres, dialect);
        await Sql.ExecAsync(dialect, cs, $"CREATE TABLE orders (id {keyType} PRIMARY KEY, origin text NOT NULL)");
        var orders = new KeyEntity { Name = "orders", Table = "orders", KeyColumn = "id", BlockSize = 10 };
        using var allocator = new LegacyKeyAllocator(dialect, cs, [orders]);

        var error = await Assert.ThrowsAsync<LegacySchemaException>(() => allocator.ReserveAsync(orders, TestContext.Current.CancellationToken));

        Assert.Contains($"orders.id still takes its keys from {source}", error.Message);
        Assert.Contains(fix, error.Message);
        Assert.Empty(await Sql.QueryAsync<long>(dialect, cs, "SELECT next_value FROM strangler_key_blocks WHERE entity = 'orders'"));
    }

    [Fact]
    public async Task ReserveAsync_MonolithKeysPastTheBlockRow_IsRefusedAndReservesNothing()
    {
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = await PrepareAsync(LegacyProvider.Postgres, dialect);
        // The monolith wrote a key of its own choosing instead of taking one from strangler_next_key.
        await Sql.ExecAsync(dialect, cs, "INSERT INTO customers (id, origin) VALUES (100, 'monolith')");
        using var allocator = new LegacyKeyAllocator(dialect, cs, [Customers]);

        var error = await Assert.ThrowsAsync<LegacySchemaException>(() => allocator.NextAsync("customers", TestContext.Current.CancellationToken));

        Assert.Contains("table 'customers' already holds key 100, at or past the block strangler_key_blocks would hand out next (4)", error.Message);
        Assert.Equal([4L], await Sql.QueryAsync<long>(dialect, cs, "SELECT next_value FROM strangler_key_blocks WHERE entity = 'customers'"));
    }

    [Fact]
    public async Task ReadmeKeyContinuity_IdentityColumnSwitchedOver_MonolithAndServiceNeverCollide()
    {
        // The README's statements for the DBA, run as written (Strangler's schema is this test's own), on a monolith
        // table with an identity key whose connection does not have Strangler's schema on its search_path.
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = await _databases.CreateAsync(LegacyProvider.Postgres);
        await new MigrationRunner(dialect, new FakeTimeProvider()).ApplyAsync(cs, MigrationSource.Embedded(LegacyProvider.Postgres));
        var schema = new Npgsql.NpgsqlConnectionStringBuilder(cs).SearchPath!;
        var monolith = await _databases.CreateAsync(LegacyProvider.Postgres);
        var monolithSchema = new Npgsql.NpgsqlConnectionStringBuilder(monolith).SearchPath!;
        await Sql.ExecAsync(dialect, monolith, "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, origin text NOT NULL); " +
            "INSERT INTO orders (origin) VALUES ('legacy'), ('legacy'), ('legacy')");
        var readme = await File.ReadAllTextAsync(
            Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../README.md")), TestContext.Current.CancellationToken);
        var section = readme[readme.IndexOf("**Key continuity (PostgreSQL).**", StringComparison.Ordinal)..];
        var start = section.IndexOf("```sql\n", StringComparison.Ordinal) + "```sql\n".Length;
        var statements = section[start..section.IndexOf("```", start, StringComparison.Ordinal)].Replace("strangler.", schema + ".", StringComparison.Ordinal);

        await Sql.ExecAsync(dialect, monolith, statements);
        var orders = new KeyEntity { Name = "orders", Table = monolithSchema + ".orders", KeyColumn = "id", BlockSize = 5 };
        using var allocator = new LegacyKeyAllocator(dialect, new Npgsql.NpgsqlConnectionStringBuilder(cs) { SearchPath = schema + "," + monolithSchema }.ConnectionString, [orders]);
        for (var i = 0; i < 12; i++)
        {
            await Sql.ExecAsync(dialect, monolith, "INSERT INTO orders (origin) VALUES ('monolith')");
            await Sql.ExecAsync(dialect, monolith, "INSERT INTO orders (id, origin) VALUES (@id, 'service')",
                new { id = await allocator.NextAsync("orders", TestContext.Current.CancellationToken) });
        }

        var ids = await Sql.QueryAsync<long>(dialect, monolith, "SELECT id FROM orders ORDER BY id");
        Assert.Equal(27, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private async Task<string> PrepareAsync(LegacyProvider provider, ISqlDialect dialect)
    {
        var cs = await _databases.CreateAsync(provider);
        await new MigrationRunner(dialect, new FakeTimeProvider()).ApplyAsync(cs, MigrationSource.Embedded(provider));
        await Sql.ExecAsync(dialect, cs, provider == LegacyProvider.Postgres
            ? "CREATE TABLE customers (id bigint PRIMARY KEY, origin text NOT NULL)"
            : "CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT NOT NULL)");
        await Sql.ExecAsync(dialect, cs, "INSERT INTO customers (id, origin) VALUES (1, 'legacy'), (2, 'legacy'), (3, 'legacy')");
        if (provider == LegacyProvider.Postgres)
        {
            // Cut-over step for the monolith: its key now comes from the block table (registered from max(id)).
            using var registrar = new LegacyKeyAllocator(dialect, cs, [Customers]);
            await registrar.RegisterAsync(Customers);
        }
        return cs;
    }

    public void Dispose() => _databases.Dispose();
}
