using System.Diagnostics;
using Confluent.Kafka;

namespace Strangler.Cli.Tests.Campaigns;

/// <summary>
/// The process-level crash campaign: a Kafka mock cluster in a process of its own (<c>strangler dev kafka</c>), the
/// sync worker as a real process (<c>strangler sync</c>), SIGKILLed to its process group at random points and started
/// again, and after every kill and at the end a check of the target store against an independent tally of what was
/// produced.
/// </summary>
internal sealed class CrashCampaign(ICampaignTarget target, string directory, int seed)
{
    private const int Partitions = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a worker may run without committing before the campaign calls it stuck.</summary>
    private static readonly TimeSpan ProgressDeadline = TimeSpan.FromSeconds(90);

    private readonly Random _random = new(seed);
    private readonly Dictionary<long, int> _last = [];
    private readonly Dictionary<(long Key, int Version), TopicPartitionOffset> _offsets = [];
    private readonly List<string> _log = [];
    private int _workerRuns;

    public int Kills { get; init; } = 21;

    public int Events { get; init; } = 8_400;

    public int Keys { get; init; } = 1_000;

    /// <summary>
    /// The shortest and longest time a worker runs before it is killed; the spread is also the longest it runs past its
    /// first commit, when the kill waits for one.
    /// </summary>
    public (TimeSpan Min, TimeSpan Max) Lifetime { get; init; } = (TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(6500));

    public async Task<CampaignFigures> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var bootstrapFile = Path.Combine(directory, "bootstrap");
        using var kafka = ProcessGroup.StartStrangler(directory, Path.Combine(directory, "kafka.log"),
            "dev", "kafka", "--bootstrap-file", bootstrapFile, "--topic", $"{target.Topic}:{Partitions}");
        var bootstrap = await WaitForFileAsync(bootstrapFile, kafka, cancellationToken);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true, LingerMs = 5,
        }).Build();

        long sequence = 0;
        long redelivered = 0;
        var killsAfterProgress = 0;
        var previousCommitted = new long[Partitions];
        var previousRows = new Dictionary<long, (int Version, string Name)>();
        for (var kill = 0; kill < Kills; kill++)
        {
            var chunk = Events / Kills + (kill < Events % Kills ? 1 : 0);
            var lifetime = Lifetime.Min + (Lifetime.Max - Lifetime.Min) * _random.NextDouble();
            // A third of the kills land anywhere in the worker's life, start-up and joining the group included; the rest
            // land a random time after its first commit of this run. A worker that starts slowly (a loaded machine: a
            // few seconds to start, then the group's 3 s initial rebalance delay) would otherwise die before it did
            // any work, cycle after cycle, and the campaign would test start-up alone.
            var afterProgress = _random.NextDouble() >= 1.0 / 3;
            var sinceProgress = (Lifetime.Max - Lifetime.Min) * _random.NextDouble();
            TimeSpan? progressAt = null;
            using (var worker = StartWorker(bootstrap))
            {
                // Events keep arriving while the worker runs, so the kill lands amid batches, not after the last one:
                // when the kill waits for a first commit, half of them wait too, and arrive between it and the kill.
                var clock = Stopwatch.StartNew();
                const int slices = 10;
                var slice = 0;
                TimeSpan? SliceDue(int k) => !afterProgress ? lifetime / slices * k
                    : k < slices / 2 ? lifetime / slices * k
                    : progressAt + sinceProgress / (slices / 2) * (k - slices / 2);
                while (true)
                {
                    if (slice < slices && clock.Elapsed >= SliceDue(slice))
                    {
                        sequence = await ProduceAsync(producer, chunk / slices + (slice < chunk % slices ? 1 : 0), sequence, cancellationToken);
                        slice++;
                    }

                    if (afterProgress && progressAt is null && Committed(bootstrap).Sum() > previousCommitted.Sum())
                    {
                        progressAt = clock.Elapsed;
                    }

                    var due = afterProgress ? progressAt + sinceProgress : lifetime;
                    if (slice == slices && clock.Elapsed >= due)
                    {
                        break;
                    }

                    Assert.True(clock.Elapsed < ProgressDeadline,
                        $"kill {kill + 1}: the worker committed nothing in {ProgressDeadline.TotalSeconds:F0} s\n{Journal}\n{Tail(worker.Log)}");
                    Assert.False(worker.HasExited, $"The worker ended by itself before kill {kill + 1}:\n{Tail(worker.Log)}");
                    await Task.Delay(lifetime / slices / 4, cancellationToken);
                }

                lifetime = clock.Elapsed;
                worker.KillGroup();
            }

            // Nothing runs now: the store and the committed offsets are what the next worker starts from.
            var rows = await target.ReadAsync();
            var committed = Committed(bootstrap);
            foreach (var (key, row) in rows)
            {
                Assert.True(!previousRows.TryGetValue(key, out var before) || before.Version <= row.Version,
                    $"kill {kill + 1}: row {key} went back from v{before.Version} to v{row.Version} (a stale event applied again)");
            }

            for (var p = 0; p < Partitions; p++)
            {
                Assert.True(committed[p] >= previousCommitted[p], $"kill {kill + 1}: partition {p}'s committed offset went back");
            }

            if (committed.Sum() > previousCommitted.Sum())
            {
                killsAfterProgress++;
            }

            redelivered += Redelivered(rows, committed);
            var when = progressAt is { } first ? $" ({(lifetime - first).TotalMilliseconds:F0} ms after its first commit)" : "";
            _log.Add($"kill {kill + 1} after {lifetime.TotalMilliseconds:F0} ms{when}: {rows.Count} rows, committed {string.Join('/', committed)}");
            previousCommitted = committed;
            previousRows = new Dictionary<long, (int, string)>(rows);
        }

        // The final run drains the rest, then stops gracefully.
        var end = await EndOffsetsAsync(producer, bootstrap);
        using (var worker = StartWorker(bootstrap))
        {
            var deadline = Stopwatch.StartNew();
            while (!Committed(bootstrap).SequenceEqual(end))
            {
                Assert.False(worker.HasExited, $"The final worker ended by itself:\n{Tail(worker.Log)}");
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120),
                    $"The final run did not commit every event within 120 s: committed {string.Join('/', Committed(bootstrap))} of {string.Join('/', end)}\n{Journal}\n{Tail(worker.Log)}");
                await Task.Delay(200, cancellationToken);
            }

            Assert.True(await worker.StopAsync(TimeSpan.FromSeconds(30)), "The final worker did not stop on SIGTERM within 30 s.");
        }

        var final = await target.ReadAsync();
        var lost = _last.Where(l => !final.ContainsKey(l.Key)).Select(l => l.Key).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} rows lost, e.g. {string.Join(", ", lost.Take(10))}\n{string.Join('\n', _log)}");
        var stale = _last.Where(l => final[l.Key].Version != l.Value || final[l.Key].Name != ICampaignTarget.NameOf(l.Key, l.Value))
            .Select(l => $"row {l.Key}: v{final[l.Key].Version} '{final[l.Key].Name}', last produced v{l.Value}").ToList();
        Assert.True(stale.Count == 0, $"{stale.Count} rows stale, e.g. {string.Join("; ", stale.Take(10))}");
        Assert.Equal(_last.Count, final.Count);
        var twice = await target.AppliedTwiceAsync();
        Assert.True(twice.Count == 0, "Applied twice: " + string.Join("; ", twice));

        return new CampaignFigures(seed, Kills, Events, _last.Count, started.Elapsed, redelivered, killsAfterProgress,
            previousCommitted.Sum());
    }

    public string Journal => string.Join('\n', _log);

    private ProcessGroup StartWorker(string bootstrap)
    {
        _workerRuns++;
        return ProcessGroup.StartStrangler(directory, Path.Combine(directory, "worker.log"),
        [
            "sync", "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
            // A killed member's partitions wait for its session to expire, so a short one keeps 20+ restarts quick (the
            // mock broker does not honour static membership, which would make them immediate on a real one). Not 1 s:
            // the mock then waits 1 s for joiners and checks sessions every 1 s, and drops the member it waits for.
            "--Strangler:Sync:Group:SessionTimeout=00:00:02", "--Strangler:Sync:Group:HeartbeatInterval=00:00:00.600",
            "--Strangler:Sync:Group:MaxPollInterval=00:00:30",
            .. target.WorkerArguments(bootstrap),
        ]);
    }

    private async Task<long> ProduceAsync(IProducer<byte[], byte[]> producer, int count, long sequence, CancellationToken cancellationToken)
    {
        var deliveries = new List<(long Key, int Version, Task<DeliveryResult<byte[], byte[]>> Delivery)>();
        for (var i = 0; i < count; i++)
        {
            var key = (long)_random.Next(1, Keys + 1);
            var version = _last.GetValueOrDefault(key) + 1;
            _last[key] = version;
            deliveries.Add((key, version, producer.ProduceAsync(target.Topic, target.Event(key, version, ++sequence), cancellationToken)));
        }

        foreach (var (key, version, delivery) in deliveries)
        {
            _offsets[(key, version)] = (await delivery).TopicPartitionOffset;
        }

        return sequence;
    }

    /// <summary>
    /// Events the store already held when the worker died but whose offsets were not committed: the next worker reads
    /// them again. Per partition, the newest event the store shows marks how far it had applied (in order).
    /// </summary>
    private long Redelivered(IReadOnlyDictionary<long, (int Version, string Name)> rows, long[] committed)
    {
        var applied = new long[Partitions];
        Array.Fill(applied, -1);
        foreach (var (key, row) in rows)
        {
            if (_offsets.TryGetValue((key, row.Version), out var at))
            {
                applied[at.Partition.Value] = Math.Max(applied[at.Partition.Value], at.Offset.Value);
            }
        }

        return Enumerable.Range(0, Partitions).Sum(p => Math.Max(0, applied[p] + 1 - Math.Max(0, committed[p])));
    }

    private long[] Committed(string bootstrap)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = target.GroupId, EnableAutoCommit = false,
        }).Build();
        return [.. consumer.Committed(Enumerable.Range(0, Partitions).Select(p => new TopicPartition(target.Topic, p)), Timeout)
            .OrderBy(c => c.Partition.Value).Select(c => Math.Max(0, c.Offset.Value))];
    }

    private async Task<long[]> EndOffsetsAsync(IProducer<byte[], byte[]> producer, string bootstrap)
    {
        producer.Flush(Timeout);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "crash-watermarks" }).Build();
        await Task.CompletedTask;
        return [.. Enumerable.Range(0, Partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(target.Topic, p), Timeout).High.Value)];
    }

    private static async Task<string> WaitForFileAsync(string file, ProcessGroup process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(file))
        {
            Assert.False(process.HasExited, $"strangler dev kafka ended:\n{Tail(process.Log)}");
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"strangler dev kafka wrote no bootstrap file in 60 s:\n{Tail(process.Log)}");
            await Task.Delay(100, cancellationToken);
        }

        return (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
    }

    private static string Tail(string log) =>
        File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(40)) : "(no output)";
}
