using Strangler.Sync.Capture;
using Strangler.Sync.Consuming;
using Strangler.Sync.Echo;
using Strangler.Sync.Hosting;
using Strangler.Sync.Projection;
using Strangler.Sync.Tombstones;

namespace Strangler.Sync.Tests.Hosting;

public sealed class SyncOptionsValidatorTests
{
    [Fact]
    public void Every_problem_is_reported_with_its_configuration_key()
    {
        var result = new SyncOptionsValidator().Validate(null, new SyncOptions
        {
            MaxBatchSize = 0,
            Store = new StoreOptions { Kind = "mongodb" },
            Projections = [new ProjectionOptions { Name = "p", Collection = "c", Root = new TableMapping { Table = "dbo.T" } }],
            Capture = new CaptureOptions { Enabled = true },
        });

        Assert.True(result.Failed);
        var errors = result.Failures!.ToList();
        Assert.Contains("Strangler:Sync:BootstrapServers: is required (or set Strangler:Sync:UseMockCluster=true)", errors);
        Assert.Contains("Strangler:Sync:MaxBatchSize: must be between 1 and 100000, was 0", errors);
        Assert.Contains("Strangler:Sync:Store:MongoConnectionString: is required for the mongodb store", errors);
        Assert.Contains("Strangler:Sync:Store:MongoDatabase: is required for the mongodb store", errors);
        Assert.Contains("Strangler:Sync:Projections:0:Root:Topic: is required", errors);
        Assert.Contains("Strangler:Sync:Capture:ConnectionString: is required when the capture is enabled", errors);
        Assert.Contains("Strangler:Sync:Capture:Tables: list at least one table to capture", errors);
    }

    [Fact]
    public void Group_settings_and_the_stall_time_are_checked_under_their_keys()
    {
        var result = new SyncOptionsValidator().Validate(null, new SyncOptions
        {
            UseMockCluster = true,
            StallAfter = TimeSpan.Zero,
            Group = new ConsumerGroupOptions { SessionTimeout = TimeSpan.FromSeconds(6), HeartbeatInterval = TimeSpan.FromSeconds(3) },
        });

        Assert.Equal(
        [
            "Strangler:Sync:StallAfter: must be positive, was 00:00:00",
            "Strangler:Sync:Group:HeartbeatInterval: must be at most a third of Strangler:Sync:Group:SessionTimeout (00:00:06), was 00:00:03",
        ], result.Failures);
    }

    [Fact]
    public void A_mock_cluster_and_the_default_embedded_store_need_no_other_setting()
    {
        Assert.True(new SyncOptionsValidator().Validate(null, new SyncOptions { UseMockCluster = true }).Succeeded);
    }

    [Fact]
    public void An_unknown_store_kind_is_named()
    {
        var result = new SyncOptionsValidator().Validate(null, new SyncOptions { BootstrapServers = "x:1", Store = new StoreOptions { Kind = "redis" } });
        Assert.Equal(["Strangler:Sync:Store:Kind: 'redis' is not one of litedb, mongodb"], result.Failures);
    }

    [Theory]
    [InlineData("oracle", "cs", "Strangler:Sync:Echo:Provider: 'oracle' is not one of sqlserver, postgres, sqlite, none")]
    [InlineData("none", "Host=x", "Strangler:Sync:Echo:ConnectionString: must be empty when Strangler:Sync:Echo:Provider is none")]
    [InlineData("postgres", "", "Strangler:Sync:Echo:ConnectionString: is required for the postgres echo filter")]
    [InlineData("sqlserver", " ", "Strangler:Sync:Echo:ConnectionString: is required for the sqlserver echo filter")]
    [InlineData("", "Host=x", "Strangler:Sync:Echo:Provider: is required when Strangler:Sync:Echo:ConnectionString is set (sqlserver, postgres or sqlite)")]
    public void A_bad_echo_setting_is_named(string provider, string connectionString, string error)
    {
        var result = new SyncOptionsValidator().Validate(null, new SyncOptions
        {
            UseMockCluster = true,
            Echo = new EchoOptions { Provider = provider, ConnectionString = connectionString },
        });

        Assert.Equal([error], result.Failures);
    }

    [Theory]
    [InlineData("postgres", "Host=127.0.0.1")]
    [InlineData("sqlite", "")]
    [InlineData("none", "")]
    public void A_complete_echo_setting_is_accepted(string provider, string connectionString)
    {
        Assert.True(new SyncOptionsValidator().Validate(null, new SyncOptions
        {
            UseMockCluster = true,
            Echo = new EchoOptions { Provider = provider, ConnectionString = connectionString },
        }).Succeeded);
    }

    [Fact]
    public void Bad_tombstone_settings_are_all_named()
    {
        var result = new SyncOptionsValidator().Validate(null, new SyncOptions
        {
            UseMockCluster = true,
            Tombstones = new TombstoneOptions { Retention = TimeSpan.Zero, PruneInterval = TimeSpan.FromSeconds(-1), PruneBatchSize = 0 },
        });

        Assert.Equal(
        [
            "Strangler:Sync:Tombstones:Retention: must be positive, was '00:00:00'",
            "Strangler:Sync:Tombstones:PruneInterval: must be positive, was '-00:00:01'",
            "Strangler:Sync:Tombstones:PruneBatchSize: must be between 1 and 100000, was 0",
        ], result.Failures);
    }
}
