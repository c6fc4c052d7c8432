using LiteDB;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Strangler.Outbox.LiteDb;
using Strangler.Outbox.Relay;

namespace Strangler.Outbox.Tests.LiteDb;

/// <summary><c>AddStranglerOutbox().UseLiteDb()</c>: settings from <c>Strangler:Outbox</c>, store and relay built by DI.</summary>
public sealed class OutboxRegistrationTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<ILiteDatabase>(new LiteDatabase(":memory:"))
            .AddStranglerOutbox().UseLiteDb().Services
            .BuildServiceProvider();

    [Fact]
    public void UseLiteDb_BindsTheSection_AndBuildsTheRelayOverTheLiteDbOutbox()
    {
        using var services = Services(new()
        {
            ["Strangler:Outbox:BootstrapServers"] = "127.0.0.1:9092",
            ["Strangler:Outbox:Topic"] = "orders.events",
            ["Strangler:Outbox:Source"] = "/orders",
            ["Strangler:Outbox:BatchSize"] = "42",
        });

        Assert.Equal(("orders.events", 42), (services.GetRequiredService<IOptions<OutboxOptions>>().Value.Topic,
            services.GetRequiredService<IOptions<OutboxOptions>>().Value.BatchSize));
        Assert.IsType<OutboxRelay>(Assert.Single(services.GetServices<IHostedService>()));
        Assert.Same(services.GetRequiredService<LiteDbOutbox>(), services.GetRequiredService<IOutboxStore>());
    }

    [Fact]
    public void MissingSettings_FailValidationNamingEveryKey()
    {
        using var services = Services(new() { ["Strangler:Outbox:BatchSize"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OutboxOptions>>().Value);

        Assert.Equal(
        [
            "Strangler:Outbox:BootstrapServers is required.", "Strangler:Outbox:Topic is required.",
            "Strangler:Outbox:Source is required.", "Strangler:Outbox:BatchSize must be between 1 and 100000.",
        ], error.Failures);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MissingSettings_InAHostWithoutAnAppsettingsFile_SayWhereTheFileWasLookedFor(bool fileThere)
    {
        // Found writing a service from the README: its binary started from another folder read no appsettings.json and
        // was told only "Strangler:Outbox:Topic is required.; Strangler:Outbox:Source is required.", which the file set.
        var root = Directory.CreateTempSubdirectory("outbox-content-root-").FullName;
        try
        {
            if (fileThere)
            {
                File.WriteAllText(Path.Combine(root, "appsettings.json"), "{}");
            }

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                ContentRootPath = root, Args = ["--Strangler:Outbox:BootstrapServers=127.0.0.1:9092"],
            });
            builder.Services.AddSingleton<ILiteDatabase>(new LiteDatabase(":memory:")).AddStranglerOutbox().UseLiteDb();
            using var host = builder.Build();

            var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<OutboxOptions>>().Value);

            var hint = $"Strangler:Outbox: no appsettings.json in the content root ({root}), so none of its settings were read; " +
                "start the service in its own folder (as dotnet run does) or pass --contentRoot <folder>.";
            Assert.Equal(
                ["Strangler:Outbox:Topic is required.", "Strangler:Outbox:Source is required.", .. fileThere ? Array.Empty<string>() : [hint]],
                error.Failures);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BareNumberDurations_FailValidationNamingTheKey(bool withoutRelay)
    {
        // Bug: "PollInterval": "5" was bound as 5 days (a relay that looked for staged events once in five days) and
        // "RetainSent": "7" as a week, with nothing said; the gateway's and the sync worker's settings refused it.
        var builder = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Outbox:BootstrapServers"] = "127.0.0.1:9092",
                ["Strangler:Outbox:Topic"] = "orders.events",
                ["Strangler:Outbox:Source"] = "/orders",
                ["Strangler:Outbox:PollInterval"] = "5",
                ["Strangler:Outbox:RetainSent"] = "1.00:00:00",
            }).Build())
            .AddSingleton<ILiteDatabase>(new LiteDatabase(":memory:"))
            .AddStranglerOutbox().UseLiteDb();
        using var services = (withoutRelay ? builder.WithoutRelay() : builder).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OutboxOptions>>().Value);

        Assert.Equal(
        [
            "Strangler:Outbox:PollInterval: '5' is a bare number, which would be read as 5 days; write a duration hh:mm:ss[.fff], e.g. 00:00:05 for 5 seconds (5.00:00:00 if days are meant)",
        ], error.Failures);
    }

    [Fact]
    public void UseLiteDb_WithoutTheServicesDatabase_SaysWhatToRegister()
    {
        // A service that registered its concrete LiteDatabase, not ILiteDatabase: DI used to answer only
        // "No service for type 'LiteDB.ILiteDatabase' has been registered."
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Outbox:BootstrapServers"] = "127.0.0.1:9092",
                ["Strangler:Outbox:Topic"] = "orders.events",
                ["Strangler:Outbox:Source"] = "/orders",
            }).Build())
            .AddSingleton(new LiteDatabase(":memory:"))
            .AddStranglerOutbox().UseLiteDb().Services
            .BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<LiteDbOutbox>());

        Assert.Contains("UseLiteDb() stages events in the service's own database, registered as ILiteDatabase, and none is", error.Message);
        Assert.Contains("services.AddSingleton<ILiteDatabase>(", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithoutRelay_NeedsOnlyTheSource_StagesEvents_AndRunsNoRelay(bool beforeTheStore)
    {
        // A service's handler tests, or a service whose outbox a relay elsewhere publishes: Kafka settings were
        // required all the same, and the relay ran.
        var builder = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Outbox:Source"] = "/orders",
            }).Build())
            .AddSingleton<ILiteDatabase>(new LiteDatabase(":memory:"))
            .AddStranglerOutbox();
        builder = beforeTheStore ? builder.WithoutRelay().UseLiteDb() : builder.UseLiteDb().WithoutRelay();
        using var services = builder.Services.BuildServiceProvider();

        Assert.Equal("/orders", services.GetRequiredService<IOptions<OutboxOptions>>().Value.Source);
        Assert.Empty(services.GetServices<IHostedService>());
        var staged = services.GetRequiredService<LiteDbOutbox>().Stage("OrderPlaced", "42", new { total = 10 });
        Assert.Equal("/orders", staged.Source);
        Assert.Equal(staged.Id, Assert.Single(services.GetRequiredService<IOutboxStore>().FetchPending(10)).Event.Id);
    }

    [Fact]
    public void WithoutRelay_WithoutTheSource_FailsValidationNamingOnlyIt()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build())
            .AddSingleton<ILiteDatabase>(new LiteDatabase(":memory:"))
            .AddStranglerOutbox().UseLiteDb().WithoutRelay().Services
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OutboxOptions>>().Value);

        Assert.Equal(["Strangler:Outbox:Source is required."], error.Failures);
    }
}
