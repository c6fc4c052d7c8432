using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;
using Strangler.Sync.Echo;
using Strangler.Sync.Hosting;
using Strangler.Sync.Tests.Backfill;

namespace Strangler.Sync.Tests.Echo;

/// <summary>
/// With Debezium and a backfill in one worker, the echo filter reads the backfill's own legacy database unless
/// <c>Strangler:Sync:Echo</c> says otherwise. Regression: left unset, the filter was off and every backfill write came
/// back through CDC and was projected again.
/// </summary>
public sealed class EchoDefaultTests
{
    private static readonly BackfillOptions Postgres = new() { Provider = "postgres", ConnectionString = "Host=db1;Database=legacy;Username=u;Password=s3cr3t-pw" };

    [Fact]
    public void Unset_with_one_backfill_reads_the_backfills_database()
    {
        var source = EchoSource.Select(new EchoOptions(), [Postgres]);

        Assert.Equal(LegacyProvider.Postgres, source.Provider);
        Assert.Equal(Postgres.ConnectionString, source.ConnectionString);
        Assert.Equal("Strangler:Sync:Backfill (Strangler:Sync:Echo is not set)", source.ChosenBy);
    }

    [Fact]
    public void Explicit_configuration_wins_and_none_turns_it_off()
    {
        var explicitly = EchoSource.Select(new EchoOptions { Provider = "sqlserver", ConnectionString = "Server=db2;Database=other" }, [Postgres]);
        Assert.Equal(LegacyProvider.SqlServer, explicitly.Provider);
        Assert.Equal("Server=db2;Database=other", explicitly.ConnectionString);

        var off = EchoSource.Select(new EchoOptions { Provider = "None" }, [Postgres]);
        Assert.Null(off.Provider);
        Assert.IsType<NoEchoFilter>(off.CreateFilter());
    }

    [Fact]
    public void Without_a_backfill_or_with_several_databases_there_is_no_default()
    {
        Assert.Null(EchoSource.Select(new EchoOptions(), []).Provider);
        // Two pipelines over one database are one database.
        Assert.Equal(LegacyProvider.Postgres, EchoSource.Select(new EchoOptions(), [Postgres, Postgres with { Pipeline = "orders-backfill" }]).Provider);

        var ambiguous = EchoSource.Select(new EchoOptions(), [Postgres, Postgres with { ConnectionString = "Host=db2;Database=legacy" }]);
        Assert.Null(ambiguous.Provider);
        Assert.Contains("2 backfills write different databases: set it", ambiguous.ChosenBy);
    }

    [Theory]
    [InlineData("postgres", "Host=db1;Port=5433;Database=legacy;Username=u;Password=s3cr3t-pw", "postgres database 'legacy' on db1:5433")]
    [InlineData("sqlserver", "Server=tcp:db2,1433;Database=Legacy;User Id=sa;Password=s3cr3t-pw", "sqlserver database 'Legacy' on tcp:db2,1433")]
    [InlineData("postgres", "Host=db1;Password=s3cr3t-pw;Nonsense Key=1", "Postgres database (connection string not readable)")]
    public void The_description_names_the_database_and_never_the_password(string provider, string connectionString, string expected)
    {
        var described = EchoSource.Select(new EchoOptions { Provider = provider, ConnectionString = connectionString }, []).Describe();

        Assert.Equal(expected, described);
        Assert.DoesNotContain("s3cr3t", described, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worker_with_a_backfill_filters_that_backfills_transactions_on_real_PostgreSQL_and_logs_the_database()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var backfillTx = await BackfillTransactionAsync(db);
        using var services = Worker(db.ConnectionString, echo: []);

        var filter = services.GetRequiredService<IEchoFilter>();
        var found = await filter.FindBackfillTransactionsAsync([backfillTx.ToString(System.Globalization.CultureInfo.InvariantCulture), "1"], TestContext.Current.CancellationToken);

        Assert.Equal([backfillTx.ToString(System.Globalization.CultureInfo.InvariantCulture)], found);
        var log = Assert.Single(services.GetFakeLogCollector().GetSnapshot(), r => r.Message.StartsWith("Echo filter:", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Contains("postgres database 'postgres' on 127.0.0.1:5432", log.Message);
        Assert.Contains("chosen by Strangler:Sync:Backfill (Strangler:Sync:Echo is not set)", log.Message);
        Assert.DoesNotContain("Password", log.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_explicit_echo_setting_wins_over_the_backfills_database_on_real_PostgreSQL()
    {
        await using var backfillDb = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        await using var capturedDb = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var backfillTx = await BackfillTransactionAsync(backfillDb);
        await capturedDb.ExecAsync("INSERT INTO strangler_sync_origin (tx_id, origin) VALUES (424242, 'backfill')");
        using var services = Worker(backfillDb.ConnectionString, echo: new()
        {
            ["Strangler:Sync:Echo:Provider"] = "postgres", ["Strangler:Sync:Echo:ConnectionString"] = capturedDb.ConnectionString,
        });

        var found = await services.GetRequiredService<IEchoFilter>().FindBackfillTransactionsAsync(
            [backfillTx.ToString(System.Globalization.CultureInfo.InvariantCulture), "424242"], TestContext.Current.CancellationToken);

        Assert.Equal(["424242"], found);
    }

    [Fact]
    public async Task Provider_none_turns_the_default_off()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        using var services = Worker(db.ConnectionString, echo: new() { ["Strangler:Sync:Echo:Provider"] = "none" });

        Assert.IsType<NoEchoFilter>(services.GetRequiredService<IEchoFilter>());
    }

    /// <summary>The transaction id a real backfill write recorded in strangler_sync_origin.</summary>
    private static async Task<long> BackfillTransactionAsync(LegacyTestDatabase db)
    {
        await new BackfillHarness(db).HandleAsync(Events.Registered(1, "Ada"));
        return Assert.Single(await db.QueryAsync<long>("SELECT tx_id FROM strangler_sync_origin"));
    }

    /// <summary>The sync worker's services as its host wires them, with a backfill into <paramref name="backfillConnectionString"/>.</summary>
    private static ServiceProvider Worker(string backfillConnectionString, Dictionary<string, string?> echo)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Strangler:Sync:UseMockCluster"] = "true",
            ["Strangler:Sync:Backfill:Provider"] = "postgres",
            ["Strangler:Sync:Backfill:ConnectionString"] = backfillConnectionString,
            ["Strangler:Sync:Backfill:Consumer:BootstrapServers"] = "127.0.0.1:9092",
            ["Strangler:Sync:Backfill:Consumer:GroupId"] = "customers-backfill",
            ["Strangler:Sync:Backfill:Consumer:Topics:0"] = "customers.events",
        }.Concat(echo)).Build();
        var services = new ServiceCollection().AddLogging(logging => logging.AddFakeLogging());
        services.AddSingleton<IConfiguration>(configuration).AddStranglerSync();
        services.AddStranglerBackfill(configuration);
        return services.BuildServiceProvider();
    }
}
