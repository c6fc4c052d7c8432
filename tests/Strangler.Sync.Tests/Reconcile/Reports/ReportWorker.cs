using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.Sync.Hosting;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Reports;

namespace Strangler.Sync.Tests.Reconcile.Reports;

/// <summary>
/// The real sync worker (<see cref="SyncApplication.Build"/>, its own mock Kafka cluster) on a Kestrel port 0, with a
/// reports directory and access token, declaring the <see cref="CustomerDataSet"/> projection; and an HTTP client.
/// </summary>
internal sealed class ReportWorker : IAsyncDisposable
{
    public const string AccessToken = "reports-token-0123456789-abcdef";

    private readonly string _storePath;

    private ReportWorker(WebApplication app, string reportsDirectory, string storePath)
    {
        _storePath = storePath;
        App = app;
        ReportsDirectory = reportsDirectory;
        Client = new HttpClient { BaseAddress = new Uri(KestrelHost.UrlOf(app)), Timeout = TimeSpan.FromMinutes(2) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
    }

    public WebApplication App { get; }

    public string ReportsDirectory { get; }

    /// <summary>Sends the access token with every request.</summary>
    public HttpClient Client { get; }

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    /// <summary>The configuration <c>strangler reconcile</c> would read on the same host.</summary>
    public IConfiguration Configuration => App.Configuration;

    public ReportDirectory Directory => new(ReportsDirectory);

    public ReportCursorCodec Cursors => new(AccessToken);

    public static async Task<ReportWorker> StartAsync()
    {
        var reports = System.IO.Directory.CreateTempSubdirectory("strangler-reports-").FullName;
        var storePath = Path.Combine(Path.GetTempPath(), $"report-worker-{Guid.NewGuid():N}.db");
        var app = SyncApplication.Build(["--urls=http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Sync:UseMockCluster"] = "true",
                ["Strangler:Sync:Store:LiteDbPath"] = storePath,
                ["Strangler:Sync:Reports:Directory"] = reports,
                ["Strangler:Sync:Reports:AccessToken"] = AccessToken,
            });
            builder.Logging.ClearProviders().AddFakeLogging();
            builder.Services.AddProjection<CustomersMapping>();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new ReportWorker(app, reports, storePath);
    }

    /// <summary>The report path <c>strangler reconcile</c> picks by default on this worker's configuration.</summary>
    public string DefaultReportPath(bool restart = false) =>
        ReconcileJobs.DefaultReportPath(Configuration, CustomerDataSet.Projection.Name, restart);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        File.Delete(_storePath);
        System.IO.Directory.Delete(ReportsDirectory, recursive: true);
    }

    private sealed class CustomersMapping : IProjectionMapping
    {
        public ProjectionOptions Define() => CustomerDataSet.Projection;
    }
}
