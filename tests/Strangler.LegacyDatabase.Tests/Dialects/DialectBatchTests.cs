using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Tests.Infrastructure;

namespace Strangler.LegacyDatabase.Tests.Dialects;

/// <summary>Several groups and several lookups per call (PostgreSQL sends each call as one batch), and KnownAbsent inserts.</summary>
public sealed class DialectBatchTests(PostgresServer postgres) : IDisposable
{
    private readonly LegacyDatabases _databases = new(postgres);

    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite, LegacyProvider.SqlServer];

    private static string CreateTable(LegacyProvider provider, string table) => provider == LegacyProvider.SqlServer
        ? $"CREATE TABLE {table} (k nvarchar(100) PRIMARY KEY, v nvarchar(100) NULL)"
        : $"CREATE TABLE {table} (k text PRIMARY KEY, v text)";

    private static WriteGroup Group(string table, WriteOperation operation, bool knownAbsent, params string[] keys) => new()
    {
        Table = table, KeyColumn = "k", Operation = operation, KnownAbsent = knownAbsent,
        Columns = operation == WriteOperation.Delete ? [] : ["v"],
        Rows = keys.Select(k => operation == WriteOperation.Delete ? new object?[] { k } : new object?[] { k, "v-" + k }).ToList(),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAllAsync_GroupsOfSeveralTables_AllApplyInOrderAndReadAllByKeysSeesThem(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        await Sql.ExecAsync(dialect, cs, CreateTable(provider, "rows_a"));
        await Sql.ExecAsync(dialect, cs, CreateTable(provider, "strangler_b"));
        await Sql.ExecAsync(dialect, cs, "INSERT INTO rows_a (k, v) VALUES ('gone', 'x'), ('kept', 'old')");

        await using var connection = dialect.CreateConnection(cs);
        await connection.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await dialect.WriteAllAsync(connection, transaction,
            [
                Group("rows_a", WriteOperation.Delete, false, "gone"),
                Group("rows_a", WriteOperation.Upsert, false, "kept", "new"),
                Group("strangler_b", WriteOperation.Upsert, true, "e1", "e2"),
            ], CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using var read = await connection.BeginTransactionAsync();
        var results = await dialect.ReadAllByKeysAsync(connection, read,
        [
            new KeyLookup { Table = "rows_a", KeyColumn = "k", ValueColumn = "v", Keys = ["gone", "kept", "new"] },
            new KeyLookup { Table = "strangler_b", KeyColumn = "k", ValueColumn = "v", Keys = ["e2", "e3"] },
        ], CancellationToken.None);
        Assert.Equal(2, results.Count);
        Assert.Equal(new Dictionary<string, string?> { ["kept"] = "v-kept", ["new"] = "v-new" }, results[0]);
        Assert.Equal(new Dictionary<string, string?> { ["e2"] = "v-e2" }, results[1]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StartBatchAsync_SomeClaimKeysTaken_InsertsAndReportsOnlyTheNewOnesAndRunsTheLookups(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        await new Strangler.LegacyDatabase.Migrations.MigrationRunner(dialect, TimeProvider.System)
            .ApplyAsync(cs, Strangler.LegacyDatabase.Migrations.MigrationSource.Embedded(provider));
        await Sql.ExecAsync(dialect, cs, CreateTable(provider, "strangler_b"));
        await Sql.ExecAsync(dialect, cs, CreateTable(provider, "rows_a"));
        await Sql.ExecAsync(dialect, cs, "INSERT INTO strangler_b (k, v) VALUES ('e1', 'first')");
        await Sql.ExecAsync(dialect, cs, "INSERT INTO rows_a (k, v) VALUES ('r1', 'x')");

        await using var connection = dialect.CreateConnection(cs);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var start = await dialect.StartBatchAsync(connection, transaction, Group("strangler_b", WriteOperation.Upsert, false, "e1", "e2", "e3"),
            [new KeyLookup { Table = "rows_a", KeyColumn = "k", ValueColumn = "v", Keys = ["r1", "r2"] }], CancellationToken.None);
        await transaction.CommitAsync();

        Assert.Equal(["e2", "e3"], start.Claimed.Order(StringComparer.Ordinal));
        Assert.Equal(new Dictionary<string, string?> { ["r1"] = "x" }, Assert.Single(start.Lookups));
        var rows = await Sql.QueryAsync<(string K, string V)>(dialect, cs, "SELECT k, v FROM strangler_b ORDER BY k");
        Assert.Equal([("e1", "first"), ("e2", "v-e2"), ("e3", "v-e3")], rows);
        var markers = await Sql.QueryAsync<long>(dialect, cs, "SELECT COUNT(*) FROM strangler_sync_origin");
        Assert.Equal(1L, Assert.Single(markers)); // the marker (SQLite's would go in BeforeCommitAsync, not called here)
    }

    [Fact]
    public async Task KnownAbsentInsert_KeyAlreadyThere_IsTransientInStranglerTablesAndPermanentElsewhere()
    {
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = await _databases.CreateAsync(LegacyProvider.Postgres);
        foreach (var table in new[] { "strangler_b", "rows_a" })
        {
            await Sql.ExecAsync(dialect, cs, CreateTable(LegacyProvider.Postgres, table));
            await Sql.ExecAsync(dialect, cs, $"INSERT INTO {table} (k, v) VALUES ('e1', 'first')");
        }

        var own = await Assert.ThrowsAnyAsync<Exception>(() => WriteOneAsync(dialect, cs, Group("strangler_b", WriteOperation.Upsert, true, "e1")));
        var legacy = await Assert.ThrowsAnyAsync<Exception>(() => WriteOneAsync(dialect, cs, Group("rows_a", WriteOperation.Upsert, true, "e1")));

        // A lost race on Strangler's bookkeeping is retried (and then read as a duplicate); a legacy table's is not.
        Assert.Equal(FailureKind.Transient, dialect.Classify(own));
        Assert.Equal(FailureKind.Permanent, dialect.Classify(legacy));
        var kept = await Sql.QueryAsync<string>(dialect, cs, "SELECT v FROM strangler_b WHERE k = 'e1'");
        Assert.Equal("first", Assert.Single(kept));
    }

    private static async Task WriteOneAsync(ISqlDialect dialect, string cs, WriteGroup group)
    {
        await using var connection = dialect.CreateConnection(cs);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await dialect.WriteAllAsync(connection, transaction, [group], CancellationToken.None);
        await transaction.CommitAsync();
    }

    public void Dispose() => _databases.Dispose();
}
