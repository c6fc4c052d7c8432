using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Tests.Backfill;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// The total a job's progress is measured against: for a big table the catalogue's estimate, since a COUNT(*) read the
/// whole table (minutes on fifty million rows) before the first batch; counted where there is no estimate.
/// </summary>
public sealed class KeyCountTests
{
    private const int Rows = 3000;

    [Fact]
    public async Task An_analysed_postgres_table_past_the_threshold_is_taken_at_the_catalogue_s_estimate_not_counted()
    {
        await using var legacy = await FilledAsync(LegacyProvider.Postgres);
        await legacy.ExecAsync("ANALYZE customers");

        var total = await OfAsync(legacy, "customers", estimatedFrom: 1000);

        Assert.Equal(new KeyTotal(Rows, Estimated: true), total);
    }

    [Fact]
    public async Task A_table_grown_since_its_last_analyse_is_estimated_at_its_size_now()
    {
        await using var legacy = await FilledAsync(LegacyProvider.Postgres);
        await legacy.ExecAsync("ANALYZE customers");
        await legacy.ExecAsync($"INSERT INTO customers (id, name) SELECT g, 'Customer ' || g FROM generate_series({Rows + 1}, {3 * Rows}) g");

        var total = await OfAsync(legacy, "customers", estimatedFrom: 1000);

        // The last ANALYZE's rows per page times the pages now, as the planner reckons: not a count, but near one.
        Assert.True(total is { Estimated: true, Rows: > 3 * Rows * 95 / 100 and < 3 * Rows * 105 / 100 }, $"{total}");
    }

    [Fact]
    public async Task A_schema_qualified_name_finds_the_same_estimate()
    {
        await using var legacy = await FilledAsync(LegacyProvider.Postgres);
        await legacy.ExecAsync("ANALYZE customers");
        var schema = (await legacy.QueryAsync<string>("SELECT current_schema()")).Single();

        var total = await OfAsync(legacy, $"{schema}.customers", estimatedFrom: 1000);

        Assert.Equal(new KeyTotal(Rows, Estimated: true), total);
    }

    [Fact]
    public async Task A_postgres_table_never_analysed_is_counted()
    {
        await using var legacy = await FilledAsync(LegacyProvider.Postgres);

        var total = await OfAsync(legacy, "customers", estimatedFrom: 1000);

        Assert.Equal(new KeyTotal(Rows, Estimated: false), total);
    }

    [Fact]
    public async Task A_table_under_the_threshold_is_counted_exactly()
    {
        await using var legacy = await FilledAsync(LegacyProvider.Postgres);
        await legacy.ExecAsync("ANALYZE customers");
        await legacy.ExecAsync($"INSERT INTO customers (id, name) VALUES ({Rows + 1}, 'after the analyse')");

        var total = await OfAsync(legacy, "customers", estimatedFrom: KeyCount.EstimatedFrom);

        Assert.Equal(new KeyTotal(Rows + 1, Estimated: false), total);
    }

    [Fact]
    public async Task A_sqlite_table_is_counted()
    {
        await using var legacy = await FilledAsync(LegacyProvider.Sqlite);

        var total = await OfAsync(legacy, "main.customers", estimatedFrom: 1);

        Assert.Equal(new KeyTotal(Rows, Estimated: false), total);
    }

    private static async Task<LegacyTestDatabase> FilledAsync(LegacyProvider provider)
    {
        var legacy = await LegacyTestDatabase.CreateAsync(provider);
        if (provider == LegacyProvider.Postgres)
        {
            // Autovacuum would analyse it in its own time; the test says when.
            await legacy.ExecAsync("ALTER TABLE customers SET (autovacuum_enabled = false)");
            await legacy.ExecAsync($"INSERT INTO customers (id, name) SELECT g, 'Customer ' || g FROM generate_series(1, {Rows}) g");
        }
        else
        {
            await legacy.ExecAsync($"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {Rows}) INSERT INTO customers (id, name) SELECT n, 'Customer ' || n FROM g");
        }

        return legacy;
    }

    private static async Task<KeyTotal?> OfAsync(LegacyTestDatabase legacy, string table, long estimatedFrom)
    {
        await using var connection = legacy.Dialect.CreateConnection(legacy.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var provider = legacy.Provider == LegacyProvider.Postgres ? "postgres" : "sqlite";
        return await KeyCount.OfAsync(connection, provider, table, TestContext.Current.CancellationToken, estimatedFrom);
    }
}
