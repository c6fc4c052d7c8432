using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Strangler.Configuration;
using Strangler.Sync.Backfill;
using Strangler.Sync.Hosting;

namespace Strangler.Sync.Tests.Configuration;

/// <summary>
/// Bug: the configuration binder reads a duration written as a bare number as that many days, so
/// <c>Strangler:Sync:StallAfter=30</c> flagged a stalled pipeline after a month, not 30 seconds, and nothing said so.
/// A bare number is now refused at start naming its key, at any depth (a nested group, a projection, the backfill's
/// consumer); a duration such as 00:00:30 or 30.00:00:00 is read as before.
/// </summary>
public sealed class BareDurationTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void EveryBareNumberedDuration_IsNamedByItsKey_AtAnyDepth()
    {
        var configuration = Config(new()
        {
            ["Strangler:Sync:StallAfter"] = "30",
            ["Strangler:Sync:FlushInterval"] = "00:00:00.200",
            ["Strangler:Sync:Group:SessionTimeout"] = " 10 ",
            ["Strangler:Sync:Group:HeartbeatInterval"] = "1.00:00:00",
            ["Strangler:Sync:BatchSize"] = "500",
        });

        // In the order of the settings type's properties.
        var problems = BareDurations.Problems(configuration.GetSection(SyncOptions.SectionName), typeof(SyncOptions));

        Assert.Equal(
        [
            "Strangler:Sync:Group:SessionTimeout: ' 10 ' is a bare number, which would be read as 10 days; write a duration hh:mm:ss[.fff], e.g. 00:00:10 for 10 seconds (10.00:00:00 if days are meant)",
            "Strangler:Sync:StallAfter: '30' is a bare number, which would be read as 30 days; write a duration hh:mm:ss[.fff], e.g. 00:00:30 for 30 seconds (30.00:00:00 if days are meant)",
        ], problems);
    }

    [Fact]
    public void TheSyncHost_RefusesToStart_NamingTheKey()
    {
        var configuration = Config(new()
        {
            ["Strangler:Sync:UseMockCluster"] = "true",
            ["Strangler:Sync:Reconcile:RecheckDelay"] = "2",
        });
        var services = new ServiceCollection().AddSingleton(configuration);
        services.AddStranglerSync();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Strangler:Sync:Reconcile:RecheckDelay: '2' is a bare number, which would be read as 2 days; write a duration hh:mm:ss[.fff], e.g. 00:00:02 for 2 seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBackfillsConsumer_IsCheckedToo()
    {
        var configuration = Config(new()
        {
            ["Strangler:Sync:Backfill:Provider"] = "sqlite",
            ["Strangler:Sync:Backfill:ConnectionString"] = "Data Source=legacy.db",
            ["Strangler:Sync:Backfill:AppliedEventRetention"] = "7",
            ["Strangler:Sync:Backfill:Mappings:OrderPlaced:Table"] = "Orders",
            ["Strangler:Sync:Backfill:Mappings:OrderPlaced:KeyColumn"] = "Id",
            ["Strangler:Sync:Backfill:Consumer:BootstrapServers"] = "127.0.0.1:9092",
            ["Strangler:Sync:Backfill:Consumer:GroupId"] = "orders-backfill",
            ["Strangler:Sync:Backfill:Consumer:Topics:0"] = "orders.events",
            ["Strangler:Sync:Backfill:Consumer:FlushInterval"] = "200",
        });

        using var provider = new ServiceCollection().AddStranglerBackfill(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Strangler:Sync:Backfill:AppliedEventRetention: '7' is a bare number, which would be read as 7 days", error.Message, StringComparison.Ordinal);
        Assert.Contains("Strangler:Sync:Backfill:Consumer:FlushInterval: '200' is a bare number, which would be read as 200 days", error.Message, StringComparison.Ordinal);
    }
}
