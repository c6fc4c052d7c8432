using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
            ["Strangler:Sync:Backfill:Provider"] = "oracle",
            ["Strangler:Sync:Backfill:Mappings:CustomerRenamed:Table"] = "customers; drop table x",
            ["Strangler:Sync:Backfill:Mappings:CustomerRenamed:KeyColumn"] = "id",
            ["Strangler:Sync:Backfill:Mappings:CustomerRenamed:Operation"] = "merge",
        });

        using var provider = new ServiceCollection().AddStranglerBackfill(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Strangler:Sync:Backfill:Consumer:BootstrapServers is required.", error.Message);
        Assert.Contains("Strangler:Sync:Backfill:Provider must be sqlserver, postgres or sqlite (was 'oracle').", error.Message);
        Assert.Contains("Strangler:Sync:Backfill:ConnectionString is required.", error.Message);
        Assert.Contains("Strangler:Sync:Backfill:Mappings:CustomerRenamed:Table:", error.Message);
        Assert.Contains("Strangler:Sync:Backfill:Mappings:CustomerRenamed:Operation must be upsert, update or delete (was 'merge').", error.Message);
    }

    [Fact]
    public void AddStranglerBackfill_AnUpdateMappingWithoutColumns_IsRefusedNamingTheMapping()
    {
        var settings = Valid("Strangler:Sync:Backfill");
        settings["Strangler:Sync:Backfill:Mappings:OrderPlaced:Operation"] = "update";
        settings["Strangler:Sync:Backfill:Mappings:OrderShipped:Table"] = "Orders";
        settings["Strangler:Sync:Backfill:Mappings:OrderShipped:KeyColumn"] = "Id";
        settings["Strangler:Sync:Backfill:Mappings:OrderShipped:Operation"] = "Update";
        settings["Strangler:Sync:Backfill:Mappings:OrderShipped:Columns:Id"] = "id";

        using var provider = new ServiceCollection().AddStranglerBackfill(Config(settings)).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            "Strangler:Sync:Backfill:Mappings:OrderPlaced:Columns must name at least one column besides the key: an update mapping writes only its columns.; " +
            "Strangler:Sync:Backfill:Mappings:OrderShipped:Columns must name at least one column besides the key: an update mapping writes only its columns.",
            error.Message);
    }

    [Fact]
    public void AddStranglerBackfill_AnUpdateMappingWithColumns_IsAccepted()
    {
        var settings = Valid("Strangler:Sync:Backfill");
        settings["Strangler:Sync:Backfill:Mappings:OrderPlaced:Operation"] = "update";
        settings["Strangler:Sync:Backfill:Mappings:OrderPlaced:Columns:Total"] = "total";

        using var provider = new ServiceCollection().AddStranglerBackfill(Config(settings)).BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    // Bug: the consumer started at the topics' end for "latest" and at their start for anything else, so a typo
    // ("latst"), librdkafka's own word ("largest") or a number was a backfill that replayed every event, unannounced.
    [Theory]
    [InlineData("latst")]
    [InlineData("largest")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(" latest")]
    public void AddStranglerBackfill_AnUnknownAutoOffsetReset_IsRefusedNamingTheKey(string reset)
    {
        var settings = Valid("Strangler:Sync:Backfill");
        settings["Strangler:Sync:Backfill:Consumer:AutoOffsetReset"] = reset;

        using var provider = new ServiceCollection().AddStranglerBackfill(Config(settings)).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal($"Strangler:Sync:Backfill:Consumer:AutoOffsetReset must be earliest or latest (was '{reset}').", error.Message);
    }

    [Theory]
    [InlineData("earliest")]
    [InlineData("Latest")]
    public void AddStranglerBackfill_AutoOffsetReset_ReadsEitherWord_InAnyCase(string reset)
    {
        var settings = Valid("Strangler:Sync:Backfill");
        settings["Strangler:Sync:Backfill:Consumer:AutoOffsetReset"] = reset;

        using var provider = new ServiceCollection().AddStranglerBackfill(Config(settings)).BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddStranglerBackfill_ValidSettings_RegistersTheConsumer()
    {
        var configuration = Config(new()
        {
            ["Strangler:Sync:Backfill:Provider"] = "sqlite",
            ["Strangler:Sync:Backfill:ConnectionString"] = "Data Source=legacy.db",
            ["Strangler:Sync:Backfill:Mappings:CustomerDeleted:Table"] = "Customers",
            ["Strangler:Sync:Backfill:Mappings:CustomerDeleted:KeyColumn"] = "Id",
            ["Strangler:Sync:Backfill:Mappings:CustomerDeleted:Operation"] = "delete",
            ["Strangler:Sync:Backfill:Consumer:BootstrapServers"] = "127.0.0.1:9092",
            ["Strangler:Sync:Backfill:Consumer:GroupId"] = "customers-backfill",
            ["Strangler:Sync:Backfill:Consumer:Topics:0"] = "customers.events",
        });

        var services = new ServiceCollection().AddStranglerBackfill(configuration);

        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Empty(new ServiceCollection().AddStranglerBackfill(Config([])));
    }

    private static Dictionary<string, string?> Valid(string section) => new()
    {
        [$"{section}:Provider"] = "sqlite",
        [$"{section}:ConnectionString"] = "Data Source=legacy.db",
        [$"{section}:Pipeline"] = "orders-backfill",
        [$"{section}:Mappings:OrderPlaced:Table"] = "Orders",
        [$"{section}:Mappings:OrderPlaced:KeyColumn"] = "Id",
        [$"{section}:Consumer:BootstrapServers"] = "127.0.0.1:9092",
        [$"{section}:Consumer:GroupId"] = "orders-backfill",
        [$"{section}:Consumer:Topics:0"] = "orders.events",
    };

    private static async Task<(BackfillOptions Options, IReadOnlyList<string> Warnings)> StartAsync(IConfiguration configuration)
    {
        using var provider = new ServiceCollection()
            .AddLogging(logging => logging.AddFakeLogging())
            .AddStranglerBackfill(configuration)
            .BuildServiceProvider();
        foreach (var service in provider.GetServices<IHostedService>().Where(s => s.GetType().Name == "FormerBackfillSectionWarning"))
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }

        // Resolving the hosted services builds the pipeline's Kafka clients, whose own lines (no broker at 9092) are not
        // the configuration's warnings.
        var warnings = provider.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Level == LogLevel.Warning && r.Category?.StartsWith("Strangler.Sync.Kafka", StringComparison.Ordinal) != true)
            .Select(r => r.Message).ToList();
        return (provider.GetRequiredService<IOptions<BackfillOptions>>().Value, warnings);
    }

    [Fact]
    public async Task Section_UnderStranglerSync_IsReadWithoutAWarning()
    {
        var (options, warnings) = await StartAsync(Config(Valid("Strangler:Sync:Backfill")));

        Assert.Equal(("orders-backfill", "Orders"), (options.Pipeline, options.Mappings["OrderPlaced"].Table));
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task FormerSection_IsStillRead_WithAWarningNamingTheNewKey()
    {
        var (options, warnings) = await StartAsync(Config(Valid("Strangler:Backfill")));

        Assert.Equal(("orders-backfill", "Orders"), (options.Pipeline, options.Mappings["OrderPlaced"].Table));
        var warning = Assert.Single(warnings);
        Assert.Contains("Strangler:Backfill", warning);
        Assert.Contains("move its settings to Strangler:Sync:Backfill", warning);
    }

    [Fact]
    public async Task BothSections_TheNewOneWins_AndNoWarning()
    {
        var both = Valid("Strangler:Sync:Backfill");
        foreach (var (key, value) in Valid("Strangler:Backfill"))
        {
            both[key] = key.EndsWith(":Pipeline", StringComparison.Ordinal) ? "former-backfill" : value;
        }

        var (options, warnings) = await StartAsync(Config(both));

        Assert.Equal("orders-backfill", options.Pipeline);
        Assert.Empty(warnings);
    }

    [Fact]
    public void FormerSection_InvalidSettings_AreReportedUnderTheKeysTheUserWrote()
    {
        using var provider = new ServiceCollection().AddStranglerBackfill(Config(new()
        {
            ["Strangler:Backfill:Provider"] = "oracle",
        })).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BackfillOptions>>().Value);
        Assert.Contains("Strangler:Backfill:Provider must be sqlserver, postgres or sqlite (was 'oracle').", error.Message);
    }
}
