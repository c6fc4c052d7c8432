using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;
using Strangler.LegacyDatabase.Tests.Infrastructure;

namespace Strangler.LegacyDatabase.Tests.Dialects;

/// <summary>DeleteOlderThanAsync, which the backfill's pruner calls, on Strangler's own applied-events table.</summary>
public sealed class DialectPruneTests(PostgresServer postgres) : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly LegacyDatabases _databases = new(postgres);

    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite, LegacyProvider.SqlServer];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DeleteOlderThanAsync_DeletesOnlyRowsBeforeTheCutoffAndAtMostTheLimit(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        await new MigrationRunner(dialect, TimeProvider.System).ApplyAsync(cs, MigrationSource.Embedded(provider));
        await using var connection = dialect.CreateConnection(cs);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            // Three rows before the cutoff (one a tick before it), one exactly at it and one after.
            await dialect.WriteAsync(connection, transaction, new WriteGroup
            {
                Table = "strangler_applied_events", KeyColumn = "event_id", Operation = WriteOperation.Upsert,
                Columns = ["applied_at", "event_type", "subject"],
                Rows = new (string Id, DateTimeOffset At)[]
                {
                    ("old-1", Noon.AddDays(-3)), ("old-2", Noon.AddDays(-2)), ("old-3", Noon.AddTicks(-10)),
                    ("at-cutoff", Noon), ("new", Noon.AddHours(1)),
                }.Select(r => new object?[] { r.Id, r.At, "T", "1" }).ToList(),
            }, TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        var first = await dialect.DeleteOlderThanAsync(connection, "strangler_applied_events", "applied_at", Noon, 2, TestContext.Current.CancellationToken);
        var second = await dialect.DeleteOlderThanAsync(connection, "strangler_applied_events", "applied_at", Noon, 2, TestContext.Current.CancellationToken);

        Assert.Equal((2, 1), (first, second));
        var left = await Sql.QueryAsync<string>(dialect, cs, "SELECT event_id FROM strangler_applied_events ORDER BY event_id");
        Assert.Equal(["at-cutoff", "new"], left);
    }

    public void Dispose() => _databases.Dispose();
}
