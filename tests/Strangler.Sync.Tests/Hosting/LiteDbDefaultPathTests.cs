using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Strangler.Sync.Hosting;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Hosting;

/// <summary>
/// An unset <c>Store:LiteDbPath</c> meant <c>customers.db</c> whatever the worker projects: an orders worker filled a
/// file its service never read, without a word. It still means that file for a customers worker (whose file it is),
/// and is an error naming the key for any other sub-domain.
/// </summary>
public sealed class LiteDbDefaultPathTests
{
    private const string Expected =
        "Strangler:Sync:Store:LiteDbPath: is required for a worker projecting sub-domain 'orders': set it to the file that " +
        "sub-domain's service reads (unset, it means customers.db, the customers sub-domain's; set it to customers.db to " +
        "keep using a file the worker has filled)";

    private static ProjectionOptions Projection(string subdomain) => new()
    {
        Name = $"{subdomain}-projection", Subdomain = subdomain, Collection = subdomain.Length == 0 ? "crm" : subdomain,
        Root = new TableMapping { Table = "dbo.T", Topic = "legacy.dbo.T" },
    };

    [Fact]
    public void Unset_for_a_worker_projecting_another_subdomain_is_an_error_naming_the_key()
    {
        var result = new SyncOptionsValidator().Validate(null, new SyncOptions
        {
            UseMockCluster = true,
            Projections = [Projection("customers"), Projection("orders")],
        });

        Assert.Equal([Expected], result.Failures);
    }

    [Theory]
    [InlineData("customers")]
    [InlineData("")] // no sub-domain named: nothing says it is not the customers one, as before
    public void Unset_for_a_customers_worker_is_customers_db_as_before(string subdomain)
    {
        var options = new SyncOptions { UseMockCluster = true, Projections = [Projection(subdomain)] };

        Assert.True(new SyncOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("customers.db", LiteDbDefaultPath.Of(options.Store));
    }

    [Fact]
    public void Set_explicitly_to_customers_db_an_orders_worker_keeps_its_file()
    {
        var options = new SyncOptions
        {
            UseMockCluster = true, Store = new StoreOptions { LiteDbPath = "customers.db" }, Projections = [Projection("orders")],
        };

        Assert.True(new SyncOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("customers.db", LiteDbDefaultPath.Of(options.Store));
    }

    [Fact]
    public void Set_to_blank_is_still_an_error()
    {
        var result = new SyncOptionsValidator().Validate(null, new SyncOptions { UseMockCluster = true, Store = new StoreOptions { LiteDbPath = " " } });

        Assert.Equal(["Strangler:Sync:Store:LiteDbPath: is required for the litedb store"], result.Failures);
    }

    [Fact]
    public void Unset_with_a_projection_declared_in_code_for_another_subdomain_fails_before_the_store_opens()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Sync:UseMockCluster"] = "true",
            }).Build())
            .AddStranglerSync().Services
            .AddProjection<OrdersProjection>()
            .BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IDocumentStore>());

        Assert.Equal(Expected, error.Message);
    }

    [Fact]
    public async Task Unset_the_load_of_another_subdomains_projection_stops_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Strangler:Sync:Projections:0:Name"] = "orders-projection",
            ["Strangler:Sync:Projections:0:Subdomain"] = "orders",
            ["Strangler:Sync:Projections:0:Collection"] = "orders",
            ["Strangler:Sync:Projections:0:Root:Table"] = "dbo.Orders",
            ["Strangler:Sync:Projections:0:Root:Topic"] = "legacy.dbo.Orders",
            ["Strangler:Sync:Reconcile:Provider"] = "sqlite",
            ["Strangler:Sync:Reconcile:ConnectionString"] = "Data Source=unused.db",
        }).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ReconcileJobs.LoadAsync(configuration, "orders-projection", Path.Combine(Path.GetTempPath(), $"load-{Guid.NewGuid():N}.ndjson"),
                restart: false, progress: null, TestContext.Current.CancellationToken));

        Assert.Equal([Expected], error.Failures);
    }

    private sealed class OrdersProjection : IProjectionMapping
    {
        public ProjectionOptions Define() => Projection("orders");
    }
}
