using System.CommandLine;

namespace Strangler.Cli.Tests.Commands;

public sealed class MigrateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("strangler-migrate-").FullName;

    private string Database => $"Data Source={Path.Combine(_folder, "legacy.db")};Pooling=False";

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await StranglerCommand.Create().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Migrate_Sqlite_AppliesTheBuiltInScriptsOnceThenNothing()
    {
        var first = await RunAsync("migrate", "--provider", "sqlite", "--connection", Database);
        var second = await RunAsync("migrate", "--provider", "sqlite", "--connection", Database);

        Assert.Equal(0, first.Exit);
        Assert.Contains("applied 0001_applied_events.sql", first.Output);
        Assert.Equal(0, second.Exit);
        Assert.StartsWith("0 applied, ", second.Output);
    }

    [Fact]
    public async Task Migrate_DryRun_PrintsThePendingScriptsSqlAndCreatesNothing()
    {
        await using (var create = new Microsoft.Data.Sqlite.SqliteConnection(Database))
        {
            await create.OpenAsync(TestContext.Current.CancellationToken);
        }

        var look = await RunAsync("migrate", "--provider", "sqlite", "--connection", Database, "--dry-run");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(Database))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new Microsoft.Data.Sqlite.SqliteCommand("SELECT COUNT(*) FROM sqlite_master", connection);
            Assert.Equal(0L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        Assert.Equal(0, (await RunAsync("migrate", "--provider", "sqlite", "--connection", Database)).Exit);
        var after = await RunAsync("migrate", "--provider", "sqlite", "--connection", Database, "--dry-run");

        Assert.Equal(0, look.Exit);
        Assert.StartsWith("-- pending 0001_applied_events.sql (sha256 ", look.Output);
        Assert.Contains("CREATE TABLE strangler_applied_events (", look.Output);
        Assert.Contains("-- pending 0101_capture_origin.sql", look.Output);
        Assert.Contains("already applied; nothing was changed (--dry-run).", look.Output);
        Assert.Equal(0, after.Exit);
        Assert.StartsWith("-- 0 pending, ", after.Output);
    }

    [Fact]
    public async Task Migrate_DryRunOnAMistypedSqlitePath_NamesThePathAndCreatesNoFile()
    {
        // Bug: the dry run opened the SQLite file read-write, so a mistyped path left an empty database behind.
        var typo = Path.Combine(_folder, "legacy-typo.db");

        var (exit, output, error) = await RunAsync("migrate", "--provider", "sqlite", "--connection", $"Data Source={typo};Pooling=False", "--dry-run");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"no database at {typo}: nothing to review", error);
        Assert.False(File.Exists(typo));
    }

    [Fact]
    public async Task Migrate_UnresolvableHost_NamesTheHostAndPortButNotTheCredentials()
    {
        // Bug: "the database refused: Name or service not known" did not say which host could not be found.
        // RFC 2606 reserves .invalid: it never resolves.
        var (exit, _, error) = await RunAsync("migrate", "--provider", "postgres", "--connection",
            "Host=nonexistent.invalid;Port=5499;Username=migrator-user;Password=pw-s3cret-9;Database=legacy;Timeout=15");

        Assert.Equal(1, exit);
        Assert.Contains("nonexistent.invalid:5499", error);
        Assert.DoesNotContain("pw-s3cret-9", error);
        Assert.DoesNotContain("migrator-user", error);
    }

    [Fact]
    public async Task Migrate_ScriptChangedAfterApplying_ExitsWithOneNamingIt()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_folder, "migrations", "sqlite")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "0001_t.sql"), "CREATE TABLE t (id INTEGER)", TestContext.Current.CancellationToken);
        var dir = Path.Combine(_folder, "migrations");
        Assert.Equal(0, (await RunAsync("migrate", "--provider", "sqlite", "--connection", Database, "--dir", dir)).Exit);
        await File.WriteAllTextAsync(Path.Combine(scripts, "0001_t.sql"), "CREATE TABLE t (id INTEGER, x TEXT)", TestContext.Current.CancellationToken);

        var (exit, _, error) = await RunAsync("migrate", "--provider", "sqlite", "--connection", Database, "--dir", dir);

        Assert.Equal(1, exit);
        Assert.Contains("Migration '0001_t.sql' was changed after it was applied", error);
    }

    [Fact]
    public async Task Migrate_UnknownProvider_ExitsWithTwoListingTheValidOnes()
    {
        var (exit, _, error) = await RunAsync("migrate", "--provider", "oracle", "--connection", Database);

        Assert.Equal(2, exit);
        Assert.Contains("Unknown provider 'oracle': use sqlserver, postgres or sqlite.", error);
    }

    [Fact]
    public async Task Migrate_ConnectionFromTheEnvironment_IsUsedWhenTheOptionIsMissing()
    {
        var environment = new Dictionary<string, string?> { [Strangler.Cli.Commands.MigrateCommand.ConnectionVariable] = Database };

        var (exit, output, _) = await RunAsync(environment.GetValueOrDefault, "migrate", "--provider", "sqlite");

        Assert.Equal(0, exit);
        Assert.Contains("applied 0001_applied_events.sql", output);
    }

    [Fact]
    public async Task Migrate_NoConnectionAnywhere_NamesTheOptionAndTheVariable()
    {
        var (exit, _, error) = await RunAsync(_ => null, "migrate", "--provider", "sqlite");

        Assert.Equal(2, exit);
        Assert.Contains("--connection is required (or STRANGLER_MIGRATE_CONNECTION)", error);
    }

    [Fact]
    public async Task Migrate_UnreadableConnectionFromTheEnvironment_NamesTheVariableWithoutQuotingIt()
    {
        var environment = new Dictionary<string, string?>
        {
            [Strangler.Cli.Commands.MigrateCommand.ConnectionVariable] = "Host=db;Password=ab;s3cret=x",
        };

        var (exit, _, error) = await RunAsync(environment.GetValueOrDefault, "migrate", "--provider", "postgres");

        Assert.Equal(2, exit);
        Assert.Contains("migrate: STRANGLER_MIGRATE_CONNECTION is not one", error);
        Assert.DoesNotContain("s3cret", error);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(Func<string, string?> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await new RootCommand { Strangler.Cli.Commands.MigrateCommand.Create(environment) }.Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
