using System.Net;
using System.Net.Sockets;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Errors;

/// <summary>
/// What the parser refuses is a usage mistake, exit code 2 like a configuration mistake, with one line naming it; it
/// was System.CommandLine's 1, the code of a runtime failure, so a script could not tell "you called it wrong" from
/// "it broke". Runs the built process, so the code is the one a shell sees.
/// </summary>
public sealed class UsageExitCodeTests
{
    [Theory]
    // A value that does not convert, said in the CLI's words: it was System.CommandLine's "Cannot parse argument 'abc'
    // for command 'rollback' as expected type 'System.Int64'".
    [InlineData("demo --legacy-port abc", "--legacy-port must be a whole number from 0 to 65535 (a TCP port; 0 picks a free one) (was 'abc').")]
    [InlineData("routes rollback abc --reason r", "revision must be a whole number >= 0 (was 'abc').")]
    [InlineData("routes rollback 2.5 --reason r", "revision must be a whole number >= 0 (was '2.5').")]
    [InlineData("routes rollback 99999999999999999999 --reason r", "revision must be a whole number >= 0 (was '99999999999999999999').")]
    [InlineData("demo traffic --rate 1,5", "--rate must be a whole number from 0 to 1000 (requests per second; 0 for a burst) (was '1,5').")]
    [InlineData("demo traffic --timeout 30s", "--timeout must be a whole number from 1 to 3600 (seconds) (was '30s').")]
    [InlineData("demo traffic --users 0", "--users must be a whole number from 1 to 100000 (was '0').")]
    [InlineData("routes replicas --silent-after 1m --store postgres --connection Host=x", "--silent-after must be a whole number >= 1 (seconds) (was '1m').")]
    [InlineData("routes replicas --gone-after 0 --store postgres --connection Host=x", "--gone-after must be a whole number >= 1 (seconds) (was '0').")]
    // An unknown command, at the top and below it.
    [InlineData("nonsense", "Unrecognized command or argument 'nonsense'")]
    [InlineData("routes nonsense", "Unrecognized command or argument 'nonsense'")]
    // An unknown option.
    [InlineData("routes list --bogus", "Unrecognized command or argument '--bogus'")]
    // dlq takes --Section:Key=value settings, so it says an unknown option as the commands that read settings do.
    [InlineData("dlq list --topic t --bogus 1", "unrecognized option or argument '--bogus'")]
    // A missing argument or required option.
    [InlineData("routes flip customers --reason r", "Required argument missing for command: 'flip'")]
    [InlineData("routes flip customers new", "Option '--reason' is required")]
    [InlineData("rollout start customers", "Option '--reason' is required")]
    // Refused by the gateway before, so they exited 1 (and needed a running gateway to say so).
    [InlineData("routes flip customers new --reason {blank}", "--reason must say why")]
    [InlineData("routes rollback 3 --reason {blank}", "--reason must say why")]
    [InlineData("routes flip customers new --reason two{lf}lines", "--reason contains a line feed (U+000A) at character 4")]
    // A value a validator refuses.
    [InlineData("demo --gateway-port 70000", "--gateway-port must be a whole number from 0 to 65535 (a TCP port; 0 picks a free one) (was '70000').")]
    public async Task A_parse_error_exits_2_with_one_line_naming_it(string command, string expected)
    {
        var result = await CliProcess.RunAsync([.. command.Split(' ').Select(a => a.Replace("{blank}", " ", StringComparison.Ordinal)
            .Replace("{lf}", "\n", StringComparison.Ordinal))]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr:\n{result}");
        Assert.Contains(expected, lines[0]);
        Assert.Contains("--help'", lines[0]);
        Assert.Empty(result.Output);
    }

    [Theory]
    // A typo gets the name it most likely meant, and only that: before, '--reson x' also said 'x' was unrecognized and
    // '--reason' was missing, and 'rotues list' that 'list' was unrecognized.
    [InlineData("routes flip customers new --reson x", "strangler routes flip: Unrecognized option '--reson': did you mean '--reason'?")]
    [InlineData("routes flip customers new --reason x --tokne abc", "strangler routes flip: Unrecognized option '--tokne': did you mean '--token'?")]
    [InlineData("routes history --subdomian customers", "strangler routes history: Unrecognized option '--subdomian': did you mean '--subdomain'?")]
    [InlineData("rotues list", "strangler: Unrecognized command 'rotues': did you mean 'routes'?")]
    [InlineData("routes lst", "strangler routes: Unrecognized command 'lst': did you mean 'list'?")]
    [InlineData("rollout strat customers --reason r", "strangler rollout: Unrecognized command 'strat': did you mean 'start'?")]
    public async Task A_typo_is_named_with_what_it_most_likely_meant(string command, string expected)
    {
        var result = await CliProcess.RunAsync(command.Split(' '));

        Assert.True(result.ExitCode == 2, result.ToString());
        var path = expected[..expected.IndexOf(':', StringComparison.Ordinal)];
        Assert.Equal($"{expected} See '{path} --help'.", result.Error.Trim());
    }

    [Theory]
    // Options a command checks itself, before it opens or sends anything.
    [InlineData("routes list", "No admin token")]
    [InlineData("routes list --gateway not-a-url --token a-token-long-enough-0123", "--gateway: 'not-a-url' is not an absolute http(s) URL")]
    [InlineData("routes apply . --reason r --connection Host=x", "routes apply: --store is required")]
    [InlineData("routes apply . --reason {blank} --store postgres --connection Host=x", "routes apply: --reason must say why")]
    [InlineData("routes replicas --store postgress --connection Host=x", "routes replicas: --store: 'postgress' is not a fleet store: postgres or sqlserver.")]
    [InlineData("routes replicas --store sqlite --connection Data{blank}Source=x.db", "routes replicas: --store: 'sqlite' is not a fleet store: postgres or sqlserver.")]
    [InlineData("migrate --provider oracle --connection x", "migrate: Unknown provider 'oracle'")]
    [InlineData("migrate --provider sqlite", "migrate: --connection is required")]
    [InlineData("dlq replay --topic t --bootstrap-servers 127.0.0.1:9 --offset 2:0", "--offset 2:0: expected <partition>@<offset>")]
    [InlineData("demo traffic --gateway not-a-url", "--gateway: 'not-a-url' is not an absolute http(s) URL")]
    public async Task An_option_a_command_refuses_before_it_starts_exits_2_naming_it(string command, string expected)
    {
        // Each of these exited 1, the code of a runtime failure.
        var args = command.Split(' ').Select(a => a.Replace("{blank}", " ", StringComparison.Ordinal)).ToArray();
        var result = await CliProcess.RunAsync(args, new Dictionary<string, string?> { ["STRANGLER_MIGRATE_CONNECTION"] = "", ["STRANGLER_FLEET_STORE"] = "" });

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr:\n{result}");
        Assert.Contains(expected, lines[0]);
    }

    /// <summary>
    /// <c>gateway</c>, <c>sync</c> and <c>sample</c> handed every argument they did not know to their host's
    /// configuration, which ignores a key nothing reads: <c>gateway --prot 8080</c> started the gateway on its default port.
    /// </summary>
    public static TheoryData<string, string> HostMistakes => new()
    {
        { "gateway --routes {dir} --urls {url} --prot 8080", "strangler gateway: unrecognized option or argument '--prot' (settings are passed as --Section:Key=value" },
        { "gateway --routes {dir} --urls {url} --port abc", "unrecognized option or argument '--port'" },
        { "gateway --routes {dir} --urls {url} --URLS={url} --ulrs {url}", "unrecognized option or argument '--ulrs'; did you mean --urls?" },
        { "gateway --routes {dir} --urls {url} -e Production", "unrecognized option or argument '-e'" },
        { "sync --urls {url} --prot 8080", "strangler sync: unrecognized option or argument '--prot'" },
        { "sync --urls {url} --enviroment Production", "unrecognized option or argument '--enviroment'; did you mean --environment?" },
        { "sync --urls {url} --environment", "the setting '--environment' has no value: pass --environment=value." },
        { "sample legacy-monolith --urls {url} --LegacyMonolith:DatabasePath={dir}/legacy.db --prot 8080", "strangler sample legacy-monolith: unrecognized option or argument '--prot'" },
        { "sample customers-service --urls {url} --CustomersService:DatabasePath={dir}/customers.db stray", "strangler sample customers-service: unrecognized option or argument 'stray'" },
        // Bug: a setting under a misspelt section was taken, and ignored: the host started on its defaults.
        { "gateway --routes {dir} --urls {url} --Gatway:Port 5000", "nothing reads the setting section 'Gatway' of '--Gatway:Port'; it most likely meant Strangler:Gateway, but Strangler:Gateway has no setting Port: where a server listens is set with --urls (e.g. --urls http://127.0.0.1:5100)" },
        { "gateway --routes {dir} --urls {url} --Gatway:UpstreamTimout 00:00:30", "nothing reads the setting section 'Gatway' of '--Gatway:UpstreamTimout'; did you mean --Strangler:Gateway:UpstreamTimeout?" },
        { "sync --urls {url} --Strangler:Sycn:BootstrapServers=kafka:9092", "nothing reads the setting section 'Strangler:Sycn' of '--Strangler:Sycn:BootstrapServers'; did you mean --Strangler:Sync:BootstrapServers?" },
        { "sync --urls {url} --Sync:BootstrapServers kafka:9092", "did you mean --Strangler:Sync:BootstrapServers?" },
        { "sync --urls {url} --Loging:LogLevel:Default Warning", "did you mean --Logging:LogLevel:Default?" },
        // The value is not echoed: it may be a password. Bug: '--ConnectionString=Host=db;Password=...' was echoed whole.
        { "sync --urls {url} --ConnectionString=Host=db;Password=s3cret", "unrecognized option or argument '--ConnectionString=***' (settings are passed as" },
        { "gateway --routes {dir} --urls {url} --Serilog:Password=s3cret", "nothing reads the setting section 'Serilog' of '--Serilog:Password'; the sections read are Strangler:Gateway, Strangler:Sync, Strangler:Dashboard, Strangler:Outbox, Strangler:Backfill, CustomersService, LegacyMonolith, Logging, Kestrel, hostBuilder." },
    };

    [Theory]
    [MemberData(nameof(HostMistakes))]
    public async Task A_host_command_refuses_an_argument_that_is_no_setting_before_it_starts(string command, string expected)
    {
        using var directory = new TempDirectory();
        // The port is held here: a command that got as far as binding would fail on it rather than name the mistake.
        using var held = new TcpListener(IPAddress.Loopback, 0);
        held.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)held.LocalEndpoint).Port}";

        var result = await CliProcess.RunAsync(Arguments(command, directory, url));

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr:\n{result}");
        var path = "strangler " + string.Join(' ', command.Split(' ').TakeWhile(w => !w.StartsWith('-')));
        Assert.StartsWith(path + ": ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.EndsWith($" See '{path} --help'.", lines[0]);
        Assert.DoesNotContain("s3cret", result.Error);
        Assert.Empty(result.Output); // no host log: nothing was built
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path)); // no store or database was opened
    }

    /// <summary>
    /// What the refusal must leave alone: settings in each form the configuration reads, and the host's own keys with
    /// their values. Each case ends with a setting the host refuses by name, so reaching it proves every argument
    /// before it was accepted, without starting a server.
    /// </summary>
    public static TheoryData<string, string> HostSettings => new()
    {
        { "gateway --routes {dir} --urls http://127.0.0.1:0 --Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1 --environment Production --contentRoot {dir} --Strangler:Gateway:AuthFailureLimit ten", "error: Strangler:Gateway:AuthFailureLimit: 'ten' is not a whole number" },
        { "gateway --routes {dir} --urls http://127.0.0.1:0 --ENVIRONMENT=Production --shutdownTimeoutSeconds=5 /Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1 Strangler:Gateway:AuthFailureLimit=ten", "error: Strangler:Gateway:AuthFailureLimit: 'ten' is not a whole number" },
        { "sync --urls http://127.0.0.1:0 --environment Production --applicationName strangler --Strangler:Sync:UseMockCluster=yes", "error: Strangler:Sync:UseMockCluster: 'yes' is not true or false" },
        { "sync --urls=http://127.0.0.1:0 --Strangler:Sync:UseMockCluster yes", "error: Strangler:Sync:UseMockCluster: 'yes' is not true or false" },
        // The sections the host and its libraries read, beside ours, in any case; and the host's AllowedHosts.
        { "gateway --routes {dir} --urls http://127.0.0.1:0 --Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1 --Logging:LogLevel:Default Warning --logging:Console:FormatterName=simple --Kestrel:Limits:MaxConcurrentConnections=100 --hostBuilder:reloadConfigOnChange=false --AllowedHosts=* --Strangler:Gateway:AuthFailureLimit ten", "error: Strangler:Gateway:AuthFailureLimit: 'ten' is not a whole number" },
        { "sync --urls http://127.0.0.1:0 --Logging:LogLevel:Strangler=Debug --Kestrel:Limits:MaxRequestBodySize 1000 --strangler:sync:Reconcile:BatchSize=500 --Strangler:Sync:UseMockCluster=yes", "error: Strangler:Sync:UseMockCluster: 'yes' is not true or false" },
        { "sample legacy-monolith --urls http://127.0.0.1:0 --environment Production --LegacyMonolith:DatabasePath={dir}/legacy.db --LegacyMonolith:Seed=no", "error: LegacyMonolith:Seed: 'no' is not true or false" },
        { "sample customers-service --URLS http://127.0.0.1:0 /environment=Production --CustomersService:DatabasePath={dir}/customers.db --CustomersService:FaultsEndpoint on", "error: CustomersService:FaultsEndpoint: 'on' is not true or false" },
    };

    [Theory]
    [MemberData(nameof(HostSettings))]
    public async Task A_host_command_passes_settings_and_the_hosts_own_keys_on(string command, string expected)
    {
        using var directory = new TempDirectory();

        var result = await CliProcess.RunAsync(Arguments(command, directory, url: ""));

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith(expected, line);
    }

    private static string[] Arguments(string command, TempDirectory directory, string url) =>
        [.. command.Split(' ').Select(a => a.Replace("{dir}", directory.Path, StringComparison.Ordinal).Replace("{url}", url, StringComparison.Ordinal))];

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("routes flip --help")]
    // Help asked for beside a mistake is still help.
    [InlineData("demo --legacy-port abc --help")]
    public async Task Help_and_version_exit_0(string command)
    {
        var result = await CliProcess.RunAsync(command.Split(' '));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEmpty(result.Output);
        Assert.Empty(result.Error);
    }
}
