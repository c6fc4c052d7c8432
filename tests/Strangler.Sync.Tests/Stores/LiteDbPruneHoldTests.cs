using System.Globalization;
using Strangler.Sync.Debezium;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Stores;

/// <summary>
/// Bug: a reconcile sat at 0 keys for about 40 s while a sync worker ran on the same LiteDB file. The worker's tombstone
/// prune (at its start, then every 10 minutes) read the whole collection in one FindAll, which in shared mode holds the
/// file's lock (LiteDB's named mutex, shared by every process opening the file) until the last document; the
/// reconcile's first read waited for all of it.
/// </summary>
public sealed class LiteDbPruneHoldTests : IDisposable
{
    private const int Documents = 45;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task A_reader_of_the_file_is_answered_while_a_prune_scans_a_big_collection()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pause = new PausedScan();
        // Pages of 10, as big collections are read in pages of 1,000.
        using var worker = new LiteDbDocumentStore(_path) { ScanPageSize = 10, BetweenPages = pause.Pause };
        await worker.ApplyAsync("customers", Enumerable.Range(1, Documents).Select(Customer).ToList(), ct);

        // Another handle on the file, as a reconcile in another process opens it: LiteDB's lock is the same named mutex.
        using var reconcile = new LiteDbDocumentStore(_path);
        var pruning = Task.Run(() => worker.PruneTombstonesAsync("customers", ["addresses"], DateTimeOffset.UtcNow, 500, ct), ct);

        var found = await pause.ReadWhilePausedAsync("prune", () => reconcile.FindAsync("customers", 42L, ct), ct);

        Assert.Equal("Customer 42", found!["fullName"]);
        Assert.Equal(default, await pruning); // nothing to prune: the scan alone held the file
    }

    private static DocumentWrite Customer(int id) => new UpsertDocument(
        (long)id,
        new Dictionary<string, object?>
        {
            ["fullName"] = $"Customer {id}",
            ["addresses"] = new List<object?>
            {
                new Dictionary<string, object?> { [DocumentFields.ItemKey] = 1L, ["town"] = $"City {id}-1" },
                new Dictionary<string, object?> { [DocumentFields.ItemKey] = 2L, ["town"] = $"City {id}-2" },
            },
        },
        new SourcePosition("0000000001/" + id.ToString("D12", CultureInfo.InvariantCulture)));
}
