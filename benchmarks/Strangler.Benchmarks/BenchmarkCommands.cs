using Strangler.Benchmarks.Fleet;
using Strangler.Benchmarks.Gateway;
using Strangler.Benchmarks.Hosts;
using Strangler.Benchmarks.Shadow;
using Strangler.Benchmarks.SyncIn;
using Strangler.Benchmarks.SyncOut;

namespace Strangler.Benchmarks;

/// <summary>
/// The benchmark program's sub-commands: <c>dotnet run -c Release --project benchmarks/Strangler.Benchmarks -- NAME</c>.
/// A new benchmark adds one line to <see cref="Commands"/>.
/// </summary>
internal static class BenchmarkCommands
{
    private static readonly Dictionary<string, (string Description, Func<string[], Task<int>> Run)> Commands = new()
    {
        ["gateway"] = ("requests/s and p99: upstream direct, nginx, bare YARP, strangler gateway as shipped (~5 min; --quick)",
            GatewayBenchmark.RunAsync),
        ["shadow"] = ("p99 and memory of the gateway with shadow at 100 % to a 10x slower new side, against shadow off (~3 min; --quick)",
            ShadowBenchmark.RunAsync),
        ["fleet"] = ("gateway with the shared route store vs the single gateway (req/s), and flip convergence over 3 replicas (needs STRANGLER_TEST_POSTGRES; --quick)",
            FleetBenchmark.RunAsync),
        ["sync-in"] = ("changes/s into LiteDB: batched vs one at a time (decode, project, guarded write)",
            args => Succeeded(SyncInBenchmark.RunAsync(args))),
        ["sync-out"] = ("events/s into PostgreSQL: batched vs one at a time vs COPY (needs STRANGLER_TEST_POSTGRES)",
            args => Succeeded(SyncOutBenchmark.RunAsync(args))),
        ["missing-rows"] = ("ms and transactions of one backfill batch of update events, some of whose rows are missing (needs STRANGLER_TEST_POSTGRES)",
            args => Succeeded(MissingRowsBenchmark.RunAsync(args))),
        ["reconcile"] = ("keys/s reconciled against PostgreSQL: batched temp-table reader vs one query per key (needs STRANGLER_TEST_POSTGRES; --quick; --rtt ms adds a network round trip)",
            args => Succeeded(Reconcile.ReconcileBenchmark.RunAsync(args))),
    };

    // The sync benchmarks report by printing; an exception already ends the program with a stack trace, except a usage
    // mistake (UsageException), which is one line and exit code 2.
    private static async Task<int> Succeeded(Task run)
    {
        try
        {
            await run;
            return 0;
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 2;
        }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // The gateway benchmark starts its upstream and bare YARP as child processes of this program.
        if (args is ["serve", "upstream", .. var upstreamArgs])
        {
            return await UpstreamHost.RunAsync(upstreamArgs);
        }

        if (args is ["serve", "bare-yarp", .. var yarpArgs])
        {
            return await BareYarpHost.RunAsync(yarpArgs);
        }

        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            Console.Error.WriteLine(args.Length == 0 ? "No benchmark named." : $"Unknown benchmark '{args[0]}'.");
            Console.Error.WriteLine("Usage: Strangler.Benchmarks <benchmark> [options]");
            foreach (var (name, (description, _)) in Commands)
            {
                Console.Error.WriteLine($"  {name,-10} {description}");
            }

            return 2;
        }

        return await command.Run(args[1..]);
    }
}
