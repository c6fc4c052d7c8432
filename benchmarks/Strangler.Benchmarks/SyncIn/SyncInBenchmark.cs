using System.Diagnostics;
using System.Globalization;
using Strangler.Sync.Capture;
using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Benchmarks.SyncIn;

/// <summary>
/// Changes applied per second into LiteDB: Debezium messages decoded, projected and written in batches versus one
/// write call (one LiteDB transaction) per change. Usage: <c>sync-in [--changes N] [--batch B] [--keys K] [--single S]</c>
/// (S = how many of the changes the one-at-a-time run applies).
/// </summary>
public static class SyncInBenchmark
{
    /// <summary>Runs the benchmark and prints the figures.</summary>
    public static async Task RunAsync(string[] args)
    {
        var changes = Argument(args, "--changes", 20_000);
        var batch = Argument(args, "--batch", 500);
        var keys = Argument(args, "--keys", 2_000);
        // One transaction per change costs a file lock and a flush each (shared mode): a slice is enough for its rate.
        var single = Math.Min(changes, Argument(args, "--single", 1_000));
        var messages = Messages(changes, keys);

        var oneByOne = await MeasureAsync(messages.Take(single).ToList(), 1);
        var batched = await MeasureAsync(messages, batch);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sync-in: {changes} changes over {keys} rows into LiteDB (decode + project + guarded write)"));
        Console.WriteLine($"{"mode",-16}{"changes/s",12}{"elapsed",12}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"one-at-a-time",-16}{oneByOne.Rate,12:N0}{oneByOne.Elapsed.TotalSeconds,11:N2}s  (first {single} changes)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"batch " + batch,-16}{batched.Rate,12:N0}{batched.Elapsed.TotalSeconds,11:N2}s"));
    }

    private static async Task<(double Rate, TimeSpan Elapsed)> MeasureAsync(IReadOnlyList<(byte[] Key, byte[] Value)> messages, int batchSize)
    {
        var path = Path.Combine(Path.GetTempPath(), $"strangler-bench-{Guid.NewGuid():N}.db");
        try
        {
            using var store = new LiteDbDocumentStore(path);
            var projector = new ChangeProjector(new ProjectionOptions
            {
                Name = "bench", Collection = "customers",
                Root = new TableMapping { Table = "dbo.Customers", Topic = "legacy.dbo.Customers" },
            });
            var stopwatch = Stopwatch.StartNew();
            foreach (var chunk in messages.Chunk(batchSize))
            {
                var writes = chunk.SelectMany(m => projector.Project(DebeziumDecoder.Decode("legacy.dbo.Customers", m.Key, m.Value))).ToList();
                await store.ApplyAsync("customers", writes, CancellationToken.None);
            }

            stopwatch.Stop();
            return (messages.Count / stopwatch.Elapsed.TotalSeconds, stopwatch.Elapsed);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<(byte[] Key, byte[] Value)> Messages(int count, int keys)
    {
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(1, count).Select(i =>
        {
            var id = (long)(i % keys) + 1;
            var row = new Dictionary<string, object?> { ["Id"] = id, ["Name"] = $"customer {id} v{i}", ["Email"] = $"c{id}@example.com", ["CreditLimit"] = i * 1.5 };
            var op = i <= keys ? ChangeOperation.Create : ChangeOperation.Update;
            return (DebeziumMessageWriter.Key(new Dictionary<string, object?> { ["Id"] = id }),
                DebeziumMessageWriter.Value("legacy", "legacy", "dbo", "Customers", op, null, row, i, now, now));
        }).ToList();
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
