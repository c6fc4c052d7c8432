using Microsoft.Extensions.Configuration;
using Strangler.Sync.Hosting;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Capture;
using Strangler.Sync.Tests.Projection;

namespace Strangler.Sync.Tests.Hosting;

/// <summary>The demo's set-up: the worker starts its own in-process Kafka, nothing pre-created, a C# mapping class.</summary>
public sealed class MockClusterWorkerTests
{
    [Fact]
    public async Task A_worker_with_its_own_mock_cluster_projects_sqlite_changes_into_litedb()
    {
        using var legacy = new SqliteLegacyDatabase();
        var storePath = Path.Combine(Path.GetTempPath(), $"customers-{Guid.NewGuid():N}.db");
        await using var app = SyncApplication.Build(["--urls=http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Sync:UseMockCluster"] = "true",
                ["Strangler:Sync:Store:LiteDbPath"] = storePath,
                ["Strangler:Sync:Capture:Enabled"] = "true",
                ["Strangler:Sync:Capture:ConnectionString"] = legacy.ConnectionString,
                ["Strangler:Sync:Capture:Tables:0"] = "Customers",
                ["Strangler:Sync:Capture:Tables:1"] = "Addresses",
                ["Strangler:Sync:Capture:PollInterval"] = "00:00:00.050",
            });
            builder.Services.AddProjection<CustomersProjection>();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            legacy.Execute("INSERT INTO Customers (Id, Name, CreditLimit) VALUES (5, 'Linus', '3'); INSERT INTO Addresses VALUES (50, 5, 'Helsinki');");
            using var reader = new LiteDbDocumentStore(storePath);
            IReadOnlyDictionary<string, object?>? Customer() => reader.FindAsync("customers", 5L, CancellationToken.None).GetAwaiter().GetResult();

            Assert.True(await Eventually.TrueAsync(() => Customer() is { } c && c.ContainsKey("name") && c.ContainsKey("addresses"), seconds: 30));
            Assert.Equal("Linus", Customer()!["name"]);
            Assert.Equal(3m, Customer()!["creditLimit"]);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            File.Delete(storePath);
        }
    }
}
