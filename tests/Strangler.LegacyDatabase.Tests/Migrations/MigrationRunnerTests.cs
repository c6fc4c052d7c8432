using Microsoft.Extensions.Time.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;
using Strangler.LegacyDatabase.Tests.Infrastructure;

namespace Strangler.LegacyDatabase.Tests.Migrations;

public sealed class MigrationRunnerTests(PostgresServer postgres) : IDisposable
{
    private readonly LegacyDatabases _databases = new(postgres);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite, LegacyProvider.SqlServer];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApplyAsync_EmbeddedScripts_CreatesTablesAndJournalsEachOnce(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        var scripts = MigrationSource.Embedded(provider);
        var runner = new MigrationRunner(dialect, _time);

        var first = await runner.ApplyAsync(cs, scripts);
        var second = await runner.ApplyAsync(cs, scripts);

        Assert.Contains("0001_applied_events.sql", first.Applied);
        Assert.Equal(scripts.Select(s => s.Name), first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal(first.Applied, second.AlreadyApplied);
        var journal = await Sql.QueryAsync<(string Name, string Checksum)>(dialect, cs, "SELECT name, checksum FROM strangler_migrations ORDER BY name");
        Assert.Equal(scripts.Select(s => (s.Name, s.Checksum)), journal.Select(j => (j.Name, j.Checksum.Trim())));
        Assert.Empty(await Sql.QueryAsync<long>(dialect, cs, "SELECT 1 FROM strangler_applied_events"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApplyAsync_ScriptChangedAfterApplying_RefusesNamingItAndAppliesNothing(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        var runner = new MigrationRunner(dialect, _time);
        await runner.ApplyAsync(cs, [Script("0001_a.sql", "CREATE TABLE a (id int PRIMARY KEY)")]);

        var error = await Assert.ThrowsAsync<MigrationException>(() => runner.ApplyAsync(cs,
        [
            Script("0001_a.sql", "CREATE TABLE a (id int PRIMARY KEY, extra int)"),
            Script("0002_b.sql", "CREATE TABLE b (id int PRIMARY KEY)"),
        ]));

        Assert.Contains("'0001_a.sql' was changed after it was applied", error.Message);
        var names = await Sql.QueryAsync<string>(dialect, cs, "SELECT name FROM strangler_migrations");
        Assert.Equal(["0001_a.sql"], names);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApplyAsync_FailingScript_RollsItBackAndNamesIt(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        var runner = new MigrationRunner(dialect, _time);

        var error = await Assert.ThrowsAsync<MigrationException>(() => runner.ApplyAsync(cs,
        [
            Script("0001_ok.sql", "CREATE TABLE ok (id int PRIMARY KEY)"),
            Script("0002_bad.sql", "CREATE TABLE half (id int PRIMARY KEY); INSERT INTO missing_table VALUES (1);"),
        ]));

        Assert.Contains("'0002_bad.sql' failed and was rolled back", error.Message);
        Assert.Equal(["0001_ok.sql"], await Sql.QueryAsync<string>(dialect, cs, "SELECT name FROM strangler_migrations"));
        await Assert.ThrowsAnyAsync<Exception>(() => Sql.QueryAsync<long>(dialect, cs, "SELECT COUNT(*) FROM half"));
    }

    [Fact]
    public void FromDirectory_BadNamesAndDuplicateNumbers_ReportsEveryProblem()
    {
        var root = Directory.CreateTempSubdirectory("strangler-migrations-");
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(root.FullName, "postgres"));
            File.WriteAllText(Path.Combine(folder.FullName, "0001_a.sql"), "SELECT 1");
            File.WriteAllText(Path.Combine(folder.FullName, "0001_b.sql"), "SELECT 1");
            File.WriteAllText(Path.Combine(folder.FullName, "later.sql"), "SELECT 1");

            var error = Assert.Throws<MigrationException>(() => MigrationSource.FromDirectory(root.FullName, LegacyProvider.Postgres));

            Assert.Contains("'later.sql' is not named NNNN_name.sql", error.Message);
            Assert.Contains("number 0001 is used by 0001_a.sql and 0001_b.sql", error.Message);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Checksum_DiffersOnlyByLineEndings_IsTheSame()
    {
        Assert.Equal(Script("0001_a.sql", "A\r\nB\r\n").Checksum, Script("0001_a.sql", "A\nB").Checksum);
        Assert.NotEqual(Script("0001_a.sql", "A\nB").Checksum, Script("0001_a.sql", "A\nC").Checksum);
    }

    [Fact]
    public void Embedded_EveryProvider_MatchesTheRepositoryFolder()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../migrations"));
        foreach (var provider in Enum.GetValues<LegacyProvider>())
        {
            Assert.Equal(
                MigrationSource.FromDirectory(root, provider).Select(s => (s.Name, s.Checksum)),
                MigrationSource.Embedded(provider).Select(s => (s.Name, s.Checksum)));
        }
    }

    [Fact]
    public async Task ApplyAsync_ScriptFailingOnExistingRows_NamesTheErrorWithoutTheirValues()
    {
        // Bug: the failure was the driver's message, and with Include Error Detail PostgreSQL's detail quotes the
        // rows ("Key (email)=(...) is duplicated."); `strangler migrate` prints it.
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(await _databases.CreateAsync(LegacyProvider.Postgres)) { IncludeErrorDetail = true }.ConnectionString;
        await Sql.ExecAsync(dialect, cs, "CREATE TABLE accounts (id int PRIMARY KEY, email text); " +
            "INSERT INTO accounts VALUES (1, 's3cret@example.com'), (2, 's3cret@example.com')");

        var error = await Assert.ThrowsAsync<MigrationException>(() => new MigrationRunner(dialect, _time).ApplyAsync(cs,
            [Script("0001_unique_email.sql", "CREATE UNIQUE INDEX accounts_email ON accounts (email);")]));

        Assert.Contains("s3cret", error.InnerException!.Message);
        Assert.Equal("Migration '0001_unique_email.sql' failed and was rolled back: 23505: could not create unique index \"accounts_email\" (table accounts)",
            error.Message);
    }

    [Fact]
    public async Task ApplyAsync_Postgres_ReleasesItsLock_WhenItSucceeds_AndWhenAScriptFails()
    {
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = await _databases.CreateAsync(LegacyProvider.Postgres);
        var runner = new MigrationRunner(dialect, _time);

        // The runner's connection goes back to the pool with its session open: a lock it kept would stay held.
        await runner.ApplyAsync(cs, [Script("0001_ok.sql", "CREATE TABLE ok (id int PRIMARY KEY)")]);
        Assert.True(await FreeAsync(), "the migration lock was still held after a successful run");
        await Assert.ThrowsAsync<MigrationException>(() => runner.ApplyAsync(cs, [Script("0002_bad.sql", "INSERT INTO missing_table VALUES (1)")]));
        Assert.True(await FreeAsync(), "the migration lock was still held after a failed run");

        // Another schema's runner takes a lock of its own: it does not wait for this schema's.
        await using var holder = new Npgsql.NpgsqlConnection(Unpooled(cs));
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT pg_advisory_lock(hashtext(current_schema() || '.strangler_migrations'))");
        var other = await _databases.CreateAsync(LegacyProvider.Postgres);
        var run = runner.ApplyAsync(other, [Script("0001_ok.sql", "CREATE TABLE ok (id int PRIMARY KEY)")], TestContext.Current.CancellationToken);
        Assert.True(await Eventually.TrueAsync(() => run.IsCompleted), "a runner of another schema waited for this schema's lock");
        Assert.Equal(["0001_ok.sql"], (await run).Applied);

        async Task<bool> FreeAsync()
        {
            await using var probe = new Npgsql.NpgsqlConnection(Unpooled(cs));
            await probe.OpenAsync(TestContext.Current.CancellationToken);
            return await Dapper.SqlMapper.ExecuteScalarAsync<bool>(probe,
                "SELECT pg_try_advisory_lock(hashtext(current_schema() || '.strangler_migrations'))");
        }
    }

    [Fact]
    public async Task ApplyAsync_SqliteRunnersAtOnce_EachScriptIsAppliedOnceAndNoRunFails()
    {
        // Bug: SQLite has no lock for a whole run. Two `strangler migrate` at once both read an empty journal, and the
        // second failed on the first's table ("table strangler_applied_events already exists"), one run in three here.
        var dialect = SqlDialects.For(LegacyProvider.Sqlite);
        var cs = await _databases.CreateAsync(LegacyProvider.Sqlite);
        var scripts = MigrationSource.Embedded(LegacyProvider.Sqlite);
        await new MigrationRunner(dialect, _time).ApplyAsync(cs, [], TestContext.Current.CancellationToken);

        // The other runners read the journal while this writer holds the write lock, then queue for it together.
        await using var writer = new Microsoft.Data.Sqlite.SqliteConnection(cs);
        await writer.OpenAsync(TestContext.Current.CancellationToken);
        var hold = await writer.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var runs = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => new MigrationRunner(dialect, _time).ApplyAsync(cs, scripts, TestContext.Current.CancellationToken)))
            .ToList();
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await hold.RollbackAsync(TestContext.Current.CancellationToken);
        var reports = await Task.WhenAll(runs);

        Assert.Equal(scripts.Select(s => s.Name).Order(), reports.SelectMany(r => r.Applied).Order());
        Assert.All(reports, r => Assert.Equal(scripts.Count, r.Applied.Count + r.AlreadyApplied.Count));
        Assert.Equal(scripts.Select(s => s.Name), await Sql.QueryAsync<string>(dialect, cs, "SELECT name FROM strangler_migrations ORDER BY name"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PendingAsync_ListsTheScriptsNotApplied_AndChangesNothing(LegacyProvider provider)
    {
        var dialect = SqlDialects.For(provider);
        var cs = await _databases.CreateAsync(provider);
        var runner = new MigrationRunner(dialect, _time);
        MigrationScript[] scripts = [Script("0001_a.sql", "CREATE TABLE a (id int PRIMARY KEY)"), Script("0002_b.sql", "CREATE TABLE b (id int PRIMARY KEY)")];

        var onEmpty = await runner.PendingAsync(cs, scripts, TestContext.Current.CancellationToken);
        var journalAfterLook = await Sql.QueryAsync<long>(dialect, cs, MigrationJournalProbe(provider));
        await runner.ApplyAsync(cs, scripts[..1], TestContext.Current.CancellationToken);
        var afterFirst = await runner.PendingAsync(cs, scripts, TestContext.Current.CancellationToken);
        var changed = await Assert.ThrowsAsync<MigrationException>(() => runner.PendingAsync(cs,
            [Script("0001_a.sql", "CREATE TABLE a (id int PRIMARY KEY, extra int)"), scripts[1]], TestContext.Current.CancellationToken));

        Assert.Equal(["0001_a.sql", "0002_b.sql"], onEmpty.Select(s => s.Name));
        Assert.Equal([0L], journalAfterLook);
        Assert.Equal(["0002_b.sql"], afterFirst.Select(s => s.Name));
        Assert.Contains("'0001_a.sql' was changed after it was applied", changed.Message);
        Assert.Contains("Nothing would be applied", changed.Message);
        Assert.Equal(["0001_a.sql"], await Sql.QueryAsync<string>(dialect, cs, "SELECT name FROM strangler_migrations"));
    }

    [Fact]
    public async Task ApplyAsync_PostgresSearchPathWithNoExistingSchema_SaysWhatToDo()
    {
        var dialect = SqlDialects.For(LegacyProvider.Postgres);
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(await _databases.CreateAsync(LegacyProvider.Postgres))
        {
            SearchPath = "no_such_schema_" + Guid.NewGuid().ToString("N"),
        }.ConnectionString;

        var error = await Assert.ThrowsAsync<MigrationException>(() => new MigrationRunner(dialect, _time).ApplyAsync(cs,
            [Script("0001_ok.sql", "CREATE TABLE ok (id int PRIMARY KEY)")], TestContext.Current.CancellationToken));

        Assert.StartsWith("No schema of the connection's search_path (no_such_schema_", error.Message);
        Assert.Contains("create it (CREATE SCHEMA) or set Search Path", error.Message);
    }

    private static string MigrationJournalProbe(LegacyProvider provider) => provider switch
    {
        LegacyProvider.Postgres => "SELECT CASE WHEN to_regclass('strangler_migrations') IS NULL THEN 0 ELSE 1 END",
        LegacyProvider.SqlServer => "SELECT CASE WHEN OBJECT_ID(N'strangler_migrations', N'U') IS NULL THEN 0 ELSE 1 END",
        _ => "SELECT COUNT(*) FROM sqlite_master WHERE name = 'strangler_migrations'",
    };

    // A connection of its own, so its session is not the runner's, and ends when it is closed.
    private static string Unpooled(string cs) => new Npgsql.NpgsqlConnectionStringBuilder(cs) { Pooling = false }.ConnectionString;

    private static MigrationScript Script(string name, string sql) => new() { Name = name, Sql = sql };

    public void Dispose() => _databases.Dispose();
}
