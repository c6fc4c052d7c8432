using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Sync.Hosting;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Capture;

/// <summary>The demo path for real: SQLite writes → triggers → capture → Kafka → projection → LiteDB, in the worker host.</summary>
public sealed class CaptureEndToEndTests(KafkaFixture kafka) : IAsyncLifetime
{
    private readonly SqliteLegacyDatabase _legacy = new();
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"customers-{Guid.NewGuid():N}.db");
    private readonly string _prefix = $"legacy{Guid.NewGuid():N}";
    private WebApplication? _app;
    private LiteDbDocumentStore? _reader;

    public async ValueTask InitializeAsync()
    {
        kafka.CreateTopic($"{_prefix}.dbo.Customers");
        kafka.CreateTopic($"{_prefix}.dbo.Addresses");
        _app = SyncApplication.Build(["--urls=http://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Strangler:Sync:BootstrapServers"] = kafka.BootstrapServers,
            ["Strangler:Sync:GroupIdPrefix"] = KafkaFixture.NewGroupId(),
            ["Strangler:Sync:FlushInterval"] = "00:00:00.050",
            ["Strangler:Sync:Store:LiteDbPath"] = _store,
            ["Strangler:Sync:Projections:0:Name"] = "customers-projection",
            ["Strangler:Sync:Projections:0:Subdomain"] = "customers",
            ["Strangler:Sync:Projections:0:Collection"] = "customers",
            ["Strangler:Sync:Projections:0:Root:Table"] = "dbo.Customers",
            ["Strangler:Sync:Projections:0:Root:Topic"] = $"{_prefix}.dbo.Customers",
            ["Strangler:Sync:Projections:0:Root:Columns:Name:Name"] = "name",
            ["Strangler:Sync:Projections:0:Root:Columns:CreditLimit:Name"] = "creditLimit",
            ["Strangler:Sync:Projections:0:Root:Columns:CreditLimit:Type"] = "decimal",
            ["Strangler:Sync:Projections:0:Children:0:Table"] = "dbo.Addresses",
            ["Strangler:Sync:Projections:0:Children:0:Topic"] = $"{_prefix}.dbo.Addresses",
            ["Strangler:Sync:Projections:0:Children:0:Array"] = "addresses",
            ["Strangler:Sync:Projections:0:Children:0:ParentKeyColumn"] = "CustomerId",
            ["Strangler:Sync:Capture:Enabled"] = "true",
            ["Strangler:Sync:Capture:ConnectionString"] = _legacy.ConnectionString,
            ["Strangler:Sync:Capture:Tables:0"] = "Customers",
            ["Strangler:Sync:Capture:Tables:1"] = "Addresses",
            ["Strangler:Sync:Capture:TopicPrefix"] = _prefix,
            ["Strangler:Sync:Capture:PollInterval"] = "00:00:00.050",
        }));
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _reader = new LiteDbDocumentStore(_store);
    }

    public async ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _legacy.Dispose();
        File.Delete(_store);
    }

    private IReadOnlyDictionary<string, object?>? Customer(long id) =>
        _reader!.FindAsync("customers", id, CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public async Task Inserts_updates_and_deletes_in_sqlite_show_up_as_documents()
    {
        _legacy.Execute("INSERT INTO Customers (Id, Name, CreditLimit) VALUES (1, 'Ada', '12.50'); INSERT INTO Addresses VALUES (10, 1, 'London');");
        Assert.True(await Eventually.TrueAsync(() => Customer(1) is { } c && c.ContainsKey("name") && c.ContainsKey("addresses")));
        Assert.Equal(12.50m, Customer(1)!["creditLimit"]);

        _legacy.Execute("UPDATE Customers SET Name = 'Ada Lovelace' WHERE Id = 1; UPDATE Addresses SET City = 'Cambridge' WHERE Id = 10;");
        Assert.True(await Eventually.TrueAsync(() => Customer(1) is { } c && c.TryGetValue("name", out var n) && n as string == "Ada Lovelace"
            && ((List<object?>)Customer(1)!["addresses"]!).Cast<IReadOnlyDictionary<string, object?>>().Single()["City"] as string == "Cambridge"));

        _legacy.Execute("DELETE FROM Customers WHERE Id = 1;");
        Assert.True(await Eventually.TrueAsync(() => Customer(1) is { } c && c.TryGetValue(DocumentFields.Deleted, out var d) && d is true));
        Assert.True(await Eventually.TrueAsync(() => _legacy.Scalar("SELECT count(*) FROM strangler_capture_changes") == 0));
    }

    [Fact]
    public async Task Writes_marked_as_strangler_backfill_do_not_come_back_and_its_delete_leaves_a_live_document_alone()
    {
        _legacy.Execute("INSERT INTO Customers (Id, Name) VALUES (5, 'from the monolith');");
        Assert.True(await Eventually.TrueAsync(() => Customer(5) is not null));
        var position = Customer(5)![DocumentFields.Position];
        _legacy.Execute("""
            BEGIN;
            INSERT INTO strangler_sync_origin (origin) VALUES ('backfill');
            INSERT INTO Customers (Id, Name) VALUES (2, 'from the new service');
            UPDATE Customers SET Name = 'renamed by the new service' WHERE Id = 5;
            DELETE FROM Customers WHERE Id = 5;
            DELETE FROM strangler_sync_origin;
            COMMIT;
            INSERT INTO Customers (Id, Name) VALUES (3, 'from the monolith');
            """);

        // Customer 3 comes after the marked writes on the same topic: once it is there, they were all handled.
        Assert.True(await Eventually.TrueAsync(() => Customer(3) is not null));
        Assert.Null(Customer(2));
        Assert.Equal(("from the monolith", position), (Customer(5)!["name"] as string, Customer(5)![DocumentFields.Position]));
        Assert.False(Customer(5)!.ContainsKey(DocumentFields.Deleted));
    }

    [Fact]
    public async Task Status_and_metrics_report_the_pipeline()
    {
        _legacy.Execute("INSERT INTO Customers (Id, Name) VALUES (4, 'Grace');");
        Assert.True(await Eventually.TrueAsync(() => Customer(4) is not null));

        var address = _app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var status = await http.GetFromJsonAsync<JsonElement>(SyncEndpoints.StatusPath, TestContext.Current.CancellationToken);
        var pipeline = status.GetProperty("pipelines").EnumerateArray().Single();
        Assert.Equal("customers-projection", pipeline.GetProperty("name").GetString());
        Assert.Equal("projection", pipeline.GetProperty("kind").GetString());
        Assert.Equal("customers", pipeline.GetProperty("subdomain").GetString());
        Assert.True(pipeline.GetProperty("applied").GetInt64() >= 1);
        Assert.True(pipeline.GetProperty("lagSeconds").GetDouble() >= 0);

        var metrics = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("strangler_sync_applied", metrics, StringComparison.Ordinal);
        Assert.Equal("ok", await http.GetStringAsync("/healthz", TestContext.Current.CancellationToken));
    }
}
