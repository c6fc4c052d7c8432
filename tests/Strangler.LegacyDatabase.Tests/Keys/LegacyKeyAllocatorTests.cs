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
