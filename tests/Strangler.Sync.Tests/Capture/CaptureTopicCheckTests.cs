using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strangler.Sync.Capture;
using Strangler.Sync.Hosting;
using Strangler.Sync.Projection;

namespace Strangler.Sync.Tests.Capture;

/// <summary>
/// Found writing a service from the README: a projection whose topic or table did not match what the SQLite capture
/// publishes started without a word; the projection waited for a topic that never came (a warning a minute later) or
/// dead-lettered every change. The worker now says so as it starts.
/// </summary>
public sealed class CaptureTopicCheckTests : IDisposable
{
    private static readonly CaptureOptions Capture = new() { Enabled = true, Tables = ["Invoices"] };
    private readonly SqliteLegacyDatabase _legacy = new();
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"invoices-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        _legacy.Dispose();
        File.Delete(_store);
    }

    private static ProjectionOptions Projection(string table, string topic) => new()
    {
        Name = "invoices-projection", Subdomain = "invoices", Collection = "invoices", Root = new TableMapping { Table = table, Topic = topic },
    };

    [Fact]
    public void A_projection_of_what_the_capture_publishes_is_no_problem_nor_is_a_worker_without_projections()
    {
        Assert.Empty(CaptureTopicCheck.Problems(Capture, ["Invoices"], [Projection("dbo.Invoices", "legacy.dbo.Invoices")]));
        Assert.Empty(CaptureTopicCheck.Problems(Capture, ["Invoices"], []));
    }

    [Fact]
    public void A_topic_in_another_case_is_named_with_the_one_the_capture_publishes()
    {
        var problems = CaptureTopicCheck.Problems(Capture, ["Invoices"], [Projection("dbo.Invoices", "legacy.dbo.invoices")]);

        Assert.Equal(
        [
            "Strangler:Sync:Projections ('invoices-projection'):Root:Topic: the SQLite capture does not publish legacy.dbo.invoices; " +
            "did you mean legacy.dbo.Invoices? Topic names match exactly, case included (it publishes legacy.dbo.Invoices)",
            "Strangler:Sync:Capture:Tables: the SQLite capture publishes legacy.dbo.Invoices, which no projection of this worker reads",
        ], problems);
    }

    [Fact]
    public void A_table_without_the_captures_schema_is_named_with_the_one_its_changes_carry()
    {
        var problems = CaptureTopicCheck.Problems(Capture, ["Invoices"], [Projection("Invoices", "legacy.dbo.Invoices")]);

        Assert.Equal(
            "Strangler:Sync:Projections ('invoices-projection'):Root:Table: is 'Invoices', but the SQLite capture's changes on " +
            "legacy.dbo.Invoices name their table 'dbo.Invoices' (schema.table); every change would be dead-lettered",
            Assert.Single(problems));
    }

    [Fact]
    public async Task The_worker_logs_each_mismatch_as_a_warning_when_its_capture_starts()
    {
        _legacy.Execute("CREATE TABLE Invoices (Id INTEGER PRIMARY KEY, Status TEXT NOT NULL);");
        await using var app = SyncApplication.Build(["--urls=http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Sync:UseMockCluster"] = "true",
                ["Strangler:Sync:Store:LiteDbPath"] = _store,
                ["Strangler:Sync:Projections:0:Name"] = "invoices-projection",
                ["Strangler:Sync:Projections:0:Subdomain"] = "invoices",
                ["Strangler:Sync:Projections:0:Collection"] = "invoices",
                ["Strangler:Sync:Projections:0:Root:Table"] = "dbo.Invoices",
                ["Strangler:Sync:Projections:0:Root:Topic"] = "legacy.dbo.invoices",
                ["Strangler:Sync:Capture:Enabled"] = "true",
                ["Strangler:Sync:Capture:ConnectionString"] = _legacy.ConnectionString,
                ["Strangler:Sync:Capture:Tables:0"] = "invoices",
            });
            builder.Logging.AddFakeLogging();
        });

        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.StopAsync(TestContext.Current.CancellationToken);

        var logs = app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == typeof(CapturePublisher).FullName).ToList();
        Assert.Contains(logs, r => r.Level == LogLevel.Information && r.Message == "SQLite capture publishing changes to legacy.dbo.Invoices");
        Assert.Contains(logs, r => r.Level == LogLevel.Warning && r.Message.Contains("did you mean legacy.dbo.Invoices?", StringComparison.Ordinal));
    }
}
