using Strangler.Benchmarks.Gateway;

namespace Strangler.Benchmarks;

/// <summary>
/// The benchmark program's sub-commands: <c>dotnet run -c Release --project benchmarks/Strangler.Benchmarks -- NAME</c>.
/// A new benchmark adds one line to <see cref="Commands"/>.
/// </summary>
internal static class BenchmarkCommands
{
    private static readonly Dictionary<string, (string Description, Func<string[], Task<int>> Run)> Commands = new()
    {
        ["gateway"] = ("requests/s and p99: upstream direct, bare YARP, Strangler gateway (canary, metrics on)",
            GatewayBenchmark.RunAsync),
    };

    public static async Task<int> RunAsync(string[] args)
    {
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
