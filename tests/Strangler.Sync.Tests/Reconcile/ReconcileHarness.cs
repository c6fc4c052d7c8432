using System.Text.Json;
using Microsoft.Data.Sqlite;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.BulkLoad;
using Strangler.Sync.Capture;
using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Backfill;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>A generated legacy data set, an embedded store loaded from it, and the reconciler over both.</summary>
internal sealed class ReconcileHarness : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strangler-reconcile-").FullName;

    private ReconcileHarness(LegacyTestDatabase legacy, LiteDbDocumentStore store)
    {
        Legacy = legacy;
        Store = store;
    }

    public LegacyTestDatabase Legacy { get; }

    public LiteDbDocumentStore Store { get; }

    public string StorePath { get; private init; } = string.Empty;

    public SourcePosition LoadPosition { get; private set; } = SourcePosition.None;

    public string ReportPath => Path.Combine(_directory, "report.ndjson");

    public ReconcileOptions Options { get; set; } = null!;

    public ProjectionOptions Projection { get; set; } = CustomerDataSet.Projection;

    public static async Task<ReconcileHarness> CreateAsync(LegacyProvider provider, int customers = 2000)
    {
        var legacy = await LegacyTestDatabase.CreateAsync(provider);
        await CustomerDataSet.CreateAsync(legacy, customers);
        if (provider == LegacyProvider.Sqlite)
        {
            // The built-in capture gives a SQLite database its log position: each change made from now on advances it.
            await using var connection = new SqliteConnection(legacy.ConnectionString);
            connection.Open();
            CaptureTriggerInstaller.Install(connection, ["crm_customers", "crm_addresses"]);
        }

        var storePath = Path.Combine(Path.GetTempPath(), $"store-{Guid.NewGuid():N}.db");
        var harness = new ReconcileHarness(legacy, new LiteDbDocumentStore(storePath)) { StorePath = storePath };
        harness.Options = CustomerDataSet.Options(legacy);
        return harness;
    }

    /// <summary>Fills the store with the bulk load.</summary>
    public async Task<LoadSummary> LoadAsync((CdcHandover, string)? handover = null, Action<ReconcileProgress>? progress = null)
    {
        var summary = await new BulkLoader(Projection, CustomerDataSet.Reader(Legacy), Store, Options, TimeProvider.System, progress)
            .RunAsync(Path.Combine(_directory, "load.ndjson"), restart: true, handover, CancellationToken.None);
        LoadPosition = new SourcePosition(summary.Position);
        return summary;
    }

    /// <summary>
    /// A position just after the load's and before any the legacy database reaches later (ordinal order: the load's
    /// text with a character above every digit appended), for drift planted in the store after the load.
    /// </summary>
    public SourcePosition PlantPosition => new(LoadPosition.Value + "~");

    public Task<ReconcileSummary> ReconcileAsync(string? repair = null, bool restart = true, Action<ReconcileProgress>? progress = null,
        IDocumentStore? store = null, TimeProvider? time = null, CancellationToken cancellationToken = default) =>
        new Reconciler(Projection, CustomerDataSet.Reader(Legacy), store ?? Store, Options, time ?? TimeProvider.System, progress)
            .RunAsync(new ReconcileRequest { Projection = Projection.Name, ReportPath = ReportPath, Repair = repair, Restart = restart },
                cancellationToken);

    public List<JsonElement> Report() =>
        File.ReadAllLines(ReportPath).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    public Task PlantAsync(params DocumentWrite[] writes) => Store.ApplyAsync(Projection.Collection, writes, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        File.Delete(StorePath);
        await Legacy.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
