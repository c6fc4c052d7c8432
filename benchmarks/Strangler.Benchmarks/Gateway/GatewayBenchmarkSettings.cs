using System.Globalization;
using Strangler.Benchmarks.Hosts;
using Strangler.Benchmarks.Load;

namespace Strangler.Benchmarks.Gateway;

/// <summary>
/// Options of the gateway benchmark, from <c>--duration --connections --threads --warmup --rounds --quick --routes
/// --gateway --nginx</c>.
/// </summary>
internal sealed record GatewayBenchmarkSettings
{
    /// <summary>wrk settings for each measured run.</summary>
    public WrkSettings Wrk { get; init; } = new();

    /// <summary>Seconds of unmeasured load on each target before its first measured run.</summary>
    public int WarmupSeconds { get; init; } = 5;

    /// <summary>
    /// How many times each target is measured, the targets taking turns; the table shows medians. Runs on a 2-core
    /// machine vary by ±10 % from one to the next, so one round says little. Nine rounds of five targets at 5 s each,
    /// with warm-up and start-up, take under 5 minutes.
    /// </summary>
    public int Rounds { get; init; } = 9;

    /// <summary>
    /// The route files to start the gateway with: by default the nearest <c>routes/</c> up from the current directory
    /// (<c>dotnet run</c> starts a web project in its own directory, two levels below the repository root).
    /// </summary>
    public string RoutesDirectory { get; init; } = FindRoutes(Directory.GetCurrentDirectory()) ?? "routes";

    /// <summary>The <c>strangler</c> executable to benchmark: by default the one built beside the benchmark.</summary>
    public string GatewayCommand { get; init; } = GatewayHost.DefaultCommand;

    /// <summary>The nginx executable (<c>apt-get install -y nginx-light</c>).</summary>
    public string NginxCommand { get; init; } = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

    /// <summary><c>--quick</c>: 3 rounds of 3 s after 2 s of warm-up, about a minute: a smoke run, not a result.</summary>
    public static GatewayBenchmarkSettings Quick(GatewayBenchmarkSettings settings) => settings with
    {
        Rounds = 3,
        WarmupSeconds = 2,
        Wrk = settings.Wrk with { DurationSeconds = 3 },
    };

    public static GatewayBenchmarkSettings Parse(string[] args)
    {
        var settings = new GatewayBenchmarkSettings();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                settings = Quick(settings);
                continue;
            }

            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option '{args[i]}' needs a value.");
            settings = args[i] switch
            {
                "--duration" => settings with { Wrk = settings.Wrk with { DurationSeconds = Positive(args[i], value) } },
                "--connections" => settings with { Wrk = settings.Wrk with { Connections = Positive(args[i], value) } },
                "--threads" => settings with { Wrk = settings.Wrk with { Threads = Positive(args[i], value) } },
                "--warmup" => settings with { WarmupSeconds = Positive(args[i], value) },
                "--rounds" => settings with { Rounds = Positive(args[i], value) },
                "--routes" => settings with { RoutesDirectory = value },
                "--gateway" => settings with { GatewayCommand = value },
                "--nginx" => settings with { NginxCommand = value },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
            i++;
        }

        return settings;
    }

    private static string? FindRoutes(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "routes")))
            {
                return Path.Combine(directory.FullName, "routes");
            }
        }

        return null;
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"Option '{option}' needs a positive whole number, not '{value}'.");
}
