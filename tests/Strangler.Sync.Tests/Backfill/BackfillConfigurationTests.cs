using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Strangler.Sync.Backfill;

namespace Strangler.Sync.Tests.Backfill;

public sealed class BackfillConfigurationTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void AddStranglerBackfill_InvalidSettings_FailStartupValidationNamingEveryBadKey()
    {
        var configuration = Config(new()
        {
            ["Strangler:Backfill:Provider"] = "oracle",
            ["Strangler:Backfill:Mappings:CustomerRenamed:Table"] = "customers; drop table x",
            ["Strangler:Backfill:Mappings:CustomerRenamed:KeyColumn"] = "id",
            ["Strangler:Backfill:Mappings:CustomerRenamed:Operation"] = "merge",
        });

        using var provider = new ServiceCollection().AddStranglerBackfill(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Strangler:Backfill:Consumer:BootstrapServers is required.", error.Message);
        Assert.Contains("Strangler:Backfill:Provider must be sqlserver, postgres or sqlite (was 'oracle').", error.Message);
        Assert.Contains("Strangler:Backfill:ConnectionString is required.", error.Message);
        Assert.Contains("Strangler:Backfill:Mappings:CustomerRenamed:Table:", error.Message);
        Assert.Contains("Strangler:Backfill:Mappings:CustomerRenamed:Operation must be upsert or delete (was 'merge').", error.Message);
    }

    [Fact]
    public void AddStranglerBackfill_ValidSettings_RegistersTheConsumer()
    {
        var configuration = Config(new()
        {
            ["Strangler:Backfill:Provider"] = "sqlite",
            ["Strangler:Backfill:ConnectionString"] = "Data Source=legacy.db",
            ["Strangler:Backfill:Mappings:CustomerDeleted:Table"] = "Customers",
            ["Strangler:Backfill:Mappings:CustomerDeleted:KeyColumn"] = "Id",
            ["Strangler:Backfill:Mappings:CustomerDeleted:Operation"] = "delete",
            ["Strangler:Backfill:Consumer:BootstrapServers"] = "127.0.0.1:9092",
            ["Strangler:Backfill:Consumer:GroupId"] = "customers-backfill",
            ["Strangler:Backfill:Consumer:Topics:0"] = "customers.events",
        });

        var services = new ServiceCollection().AddStranglerBackfill(configuration);

        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Empty(new ServiceCollection().AddStranglerBackfill(Config([])));
    }
}
