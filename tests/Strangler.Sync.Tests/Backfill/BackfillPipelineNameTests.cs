using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Strangler.Sync.Backfill;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>
/// The name a backfill pipeline shows under in the status, the metrics and the dashboard. It used to default to
/// <c>customers-backfill</c> whatever the service: a new Orders service's backfill, configured as the README showed
/// (no <c>Pipeline</c>), was listed as the sample's <c>customers-backfill</c>.
/// </summary>
public sealed class BackfillPipelineNameTests
{
    private static PipelineStats Registered(Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Strangler:Sync:Backfill:Provider"] = "sqlite",
            ["Strangler:Sync:Backfill:ConnectionString"] = "Data Source=legacy.db",
            ["Strangler:Sync:Backfill:Mappings:OrderCancelled:Table"] = "Orders",
            ["Strangler:Sync:Backfill:Mappings:OrderCancelled:KeyColumn"] = "Id",
            ["Strangler:Sync:Backfill:Mappings:OrderCancelled:Operation"] = "delete",
            ["Strangler:Sync:Backfill:Consumer:BootstrapServers"] = "127.0.0.1:9092",
            ["Strangler:Sync:Backfill:Consumer:GroupId"] = "orders-backfill",
            ["Strangler:Sync:Backfill:Consumer:Topics:0"] = "orders.events",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        using var provider = new ServiceCollection()
            .AddLogging()
            .AddStranglerBackfill(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        // Building the pipeline's consumer registers it with the metrics the status endpoint serves; nothing connects.
        Assert.NotEmpty(provider.GetServices<IHostedService>());
        return Assert.Single(provider.GetRequiredService<SyncMetrics>().Pipelines);
    }

    [Fact]
    public void NoPipelineName_IsNamedAfterTheConsumersSubdomain()
    {
        var pipeline = Registered(new() { ["Strangler:Sync:Backfill:Consumer:Subdomain"] = "orders" });

        Assert.Equal(("orders-backfill", "backfill", "orders"), (pipeline.Name, pipeline.Kind, pipeline.Subdomain));
    }

    [Fact]
    public void NoPipelineNameNorSubdomain_IsNamedBackfill_NotAfterAnotherService()
    {
        var pipeline = Registered([]);

        Assert.Equal(("backfill", ""), (pipeline.Name, pipeline.Subdomain));
    }

    [Fact]
    public void ConfiguredPipelineName_IsKept()
    {
        var pipeline = Registered(new()
        {
            ["Strangler:Sync:Backfill:Pipeline"] = "legacy-orders-writer",
            ["Strangler:Sync:Backfill:Consumer:Subdomain"] = "orders",
        });

        Assert.Equal(("legacy-orders-writer", "orders"), (pipeline.Name, pipeline.Subdomain));
    }
}
