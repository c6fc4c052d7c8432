using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;
using Strangler.Benchmarks.Gateway;
using Strangler.Benchmarks.Hosts;
using Strangler.Benchmarks.Load;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;

namespace Strangler.Benchmarks.Fleet;

/// <summary>
/// The fleet benchmark, against the PostgreSQL of STRANGLER_TEST_POSTGRES: (1) throughput of one gateway with the
/// shared route store on, against the single-gateway default (routes directory), in the same run, rounds alternating;
/// (2) convergence: 100 flips, each through one of three replicas in turn, timed from sending the flip until all three
/// serve the new revision (seen in the served-by header of a proxied request).
/// Both gateways of (1) get the settings that are not the store's alike (<see cref="SharedArguments"/>): the
/// served-by header that (2) needs costs a header on every response, and measured on the replica only it was part of
/// what the ratio charged to the store. The replica otherwise runs on the fleet's defaults, as users start it.
/// </summary>
internal static class FleetBenchmark
{
    private const string Token = "bench-admin-token-0123456789";
    private const int Flips = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = GatewayBenchmarkSettings.Parse(args);
        var store = await CreateStoreAsync();
        var wrk = new WrkRunner(settings.Wrk);
        var servers = new List<ServerProcess>();
        var shared = Path.Combine(Path.GetTempPath(), $"strangler-bench-fleet-{Guid.NewGuid():N}");
        try
        {
            var self = Path.Combine(AppContext.BaseDirectory, "Strangler.Benchmarks");
            var upstreamUrl = $"http://127.0.0.1:{ServerProcess.FreePort()}";
            var upstream = await Add(servers, ServerProcess.StartAsync("upstream", self, ["serve", "upstream", "--urls", upstreamUrl],
                AppContext.BaseDirectory, upstreamUrl, GatewayBenchmark.Path));
            var single = await Add(servers, GatewayHost.StartAsync(settings.GatewayCommand, upstream.Url, settings.RoutesDirectory,
                SharedArguments(Path.Combine(shared, "single-keys")), "single gateway", Secrets(store: null)));
            var replicas = new List<ServerProcess>();
            for (var i = 0; i < 3; i++)
            {
                replicas.Add(await Add(servers, GatewayHost.StartAsync(settings.GatewayCommand, upstream.Url, settings.RoutesDirectory,
                    FleetArguments(shared, i), $"fleet replica {i}", Secrets(store))));
            }

            var throughput = await MeasureThroughputAsync(settings, wrk, single, replicas[0]);
            var convergence = await MeasureConvergenceAsync(replicas);
            Console.WriteLine(throughput);
            Console.WriteLine(convergence);
            return 0;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            if (Directory.Exists(shared))
            {
                Directory.Delete(shared, recursive: true);
            }

            await DropStoreAsync(store);
        }
    }

    /// <summary>Drops the run's schema once every replica has stopped: runs would otherwise pile up schemas.</summary>
    private static async Task DropStoreAsync(string store)
    {
        var builder = new NpgsqlConnectionStringBuilder(store);
        var schema = builder.SearchPath;
        builder.SearchPath = null;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string[] FleetArguments(string shared, int replica) =>
    [
        "--Strangler:Gateway:Fleet:Store=postgres",
        $"--Strangler:Gateway:Fleet:ReplicaId=bench-{replica}",
        $"--Strangler:Gateway:Fleet:CacheFile={Path.Combine(shared, $"cache-{replica}.json")}",
        .. SharedArguments(Path.Combine(shared, "keys")),
    ];

    /// <summary>What a fleet must set (shared secrets) and what the benchmark reads (admin API, served-by header).</summary>
    private static string[] SharedArguments(string keysDirectory) =>
    [
        $"--Strangler:Dashboard:KeysDirectory={keysDirectory}",
        "--Strangler:Gateway:ServedByHeader=X-Served-By",
    ];

    /// <summary>
    /// The secrets, in the environment (configuration reads <c>Section__Key</c>): on a command line, <c>ps</c> shows them
    /// to every user of the machine, the store's password included.
    /// </summary>
    private static Dictionary<string, string> Secrets(string? store)
    {
        var secrets = new Dictionary<string, string>
        {
            ["Strangler__Gateway__OverrideSigningKey"] = "bench-signing-key-0123456789-0123456789",
            ["Strangler__Gateway__AdminToken"] = Token,
        };
        if (store is not null)
        {
            secrets["Strangler__Gateway__Fleet__ConnectionString"] = store;
        }

        return secrets;
    }

    private static async Task<string> MeasureThroughputAsync(GatewayBenchmarkSettings settings, WrkRunner wrk, ServerProcess single, ServerProcess fleet)
    {
        var targets = new[] { (Name: "single gateway (routes directory)", Server: single), (Name: "fleet replica (store on)", Server: fleet) };
        var runs = targets.ToDictionary(t => t.Name, _ => new List<RunMeasurement>());
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var target in round % 2 == 1 ? targets : targets.Reverse())
            {
                var url = target.Server.Url + GatewayBenchmark.Path;
                Console.Error.WriteLine($"round {round}/{settings.Rounds}: {target.Name}");
                if (round == 1)
                {
                    await new WrkRunner(settings.Wrk with { DurationSeconds = settings.WarmupSeconds }).RunAsync(url, CancellationToken.None);
                }

                var cpu = target.Server.CpuTime();
                var result = await wrk.RunAsync(url, CancellationToken.None);
                runs[target.Name].Add(new RunMeasurement(result, target.Server.CpuTime() - cpu));
            }
        }

        var ratios = runs[targets[1].Name].Zip(runs[targets[0].Name], (f, s) => f.Wrk.RequestsPerSecond / s.Wrk.RequestsPerSecond).Order().ToList();
        // CPU per request beside throughput: steadier on a small shared machine, and it tells work on the request path
        // (more CPU per request) from a scheduler's share (the same CPU per request, fewer requests).
        var lines = targets.Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{t.Name,-36} {Median(runs[t.Name].Select(r => r.Wrk.RequestsPerSecond)),10:0} req/s  p99 {Median(runs[t.Name].Select(r => r.Wrk.P99.TotalMilliseconds)),6:0.00} ms  " +
            $"CPU {Median(runs[t.Name].Select(r => r.CpuMicrosecondsPerRequest)),4:0} us/req  errors {runs[t.Name].Sum(r => r.Wrk.Errors)}"));
        return string.Join('\n', lines) + string.Create(CultureInfo.InvariantCulture,
            $"\nfleet/single throughput: median {Median(ratios):0.000}x per round (range {ratios[0]:0.000}..{ratios[^1]:0.000}), {settings.Rounds} rounds of {settings.Wrk.DurationSeconds} s");
    }

    private static async Task<string> MeasureConvergenceAsync(IReadOnlyList<ServerProcess> replicas)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var times = new List<double>();
        for (var i = 0; i < Flips; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync(replicas[i % replicas.Count].Url + "/_strangler/api/flip",
                new { subdomain = "customers", mode = "canary", percentage = i % 100, reason = $"benchmark flip {i}", actor = "benchmark" });
            response.EnsureSuccessStatusCode();
            var revision = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["revision"]!;
            await Task.WhenAll(replicas.Select(r => UntilServingAsync(http, r.Url, revision)));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"convergence over {Flips} flips, 3 replicas (flip sent -> all serve it): p50 {Percentile(times, 0.50):0.0} ms, p99 {Percentile(times, 0.99):0.0} ms, max {times[^1]:0.0} ms");
    }

    private static async Task UntilServingAsync(HttpClient http, string replica, long revision)
    {
        var suffix = "rev=" + revision.ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            using var response = await http.GetAsync(replica + GatewayBenchmark.Path);
            if (response.Headers.TryGetValues("X-Served-By", out var values) && values.Single().EndsWith(suffix, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(1);
        }
    }

    private static async Task<string> CreateStoreAsync()
    {
        var server = Environment.GetEnvironmentVariable("STRANGLER_TEST_POSTGRES")
            ?? throw new InvalidOperationException("The fleet benchmark needs STRANGLER_TEST_POSTGRES (a PostgreSQL connection string).");
        var schema = "bench_fleet_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var store = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        await new MigrationRunner(SqlDialects.For(LegacyProvider.Postgres), TimeProvider.System)
            .ApplyAsync(store, MigrationSource.Embedded(LegacyProvider.Postgres));
        return store;
    }

    private static async Task<ServerProcess> Add(List<ServerProcess> servers, Task<ServerProcess> starting)
    {
        var server = await starting;
        servers.Add(server);
        return server;
    }

    private static double Median(IEnumerable<double> values) => Percentile(values.Order().ToList(), 0.5);

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
