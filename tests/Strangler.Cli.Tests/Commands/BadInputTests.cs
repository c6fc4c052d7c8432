using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// Issue 9: the CLI never shows a stack trace for bad input. Every command, given bad options, environment, files or
/// an unreachable or misbehaving gateway, prints one line on stderr naming the problem and exits non-zero.
/// Runs the real process, so Program.cs and the environment are part of what is tested.
/// </summary>
public sealed class BadInputTests(MisbehavingGateway misbehaving) : IClassFixture<MisbehavingGateway>
{
    private const string GoodToken = "a-token-long-enough-0123";
    private const string Secret = "s3cr3t-token-body";

    /// <summary>{closed} becomes a refusing port, {bad} the misbehaving gateway, {dir} a temp directory, {file} a file in it.</summary>
    public static TheoryData<string, string, string?, string> Cases => new()
    {
        // routes: the token at the edge, never printed.
        { "routes list", "STRANGLER_ADMIN_TOKEN", $"{Secret}\n", "STRANGLER_ADMIN_TOKEN: the admin token contains a line break" },
        { "routes flip customers new --reason r", "STRANGLER_ADMIN_TOKEN", $"{Secret}\u0007x", "STRANGLER_ADMIN_TOKEN: the admin token contains a control character" },
        { $"routes history --token {Secret}\té", "", null, "--token: the admin token contains a control character" },
        { $"routes rollback 1 --reason r --token {Secret}é", "", null, "--token: the admin token contains a non-ASCII character" },
        { "routes list", "", null, "No admin token" },
        { "routes list --gateway not-a-url", "STRANGLER_ADMIN_TOKEN", GoodToken, "--gateway: 'not-a-url' is not an absolute http(s) URL" },
        { "routes list --gateway ftp://127.0.0.1/", "STRANGLER_ADMIN_TOKEN", GoodToken, "is not an absolute http(s) URL" },
        { "routes list --gateway localhost:5100", "STRANGLER_ADMIN_TOKEN", GoodToken, "--gateway: 'localhost:5100' is not an absolute http(s) URL (did you mean http://localhost:5100?)" },
        // Bug: a URL's user:password@ was echoed whole (refused) or in every later message naming the gateway (accepted).
        { $"routes list --gateway http://ops:{Secret}@127.0.0.1:1/", "STRANGLER_ADMIN_TOKEN", GoodToken, "--gateway: 'http://***@127.0.0.1:1/' carries a user name or password, which is never sent" },
        { $"reconcile-report customers --worker ops:{Secret}@sync:5103 --token {GoodToken}", "", null, "--worker: '***@sync:5103' is not an absolute http(s) URL (did you mean http://sync:5103?)" },
        { "routes list --gateway {closed}", "STRANGLER_ADMIN_TOKEN", GoodToken, "Cannot reach the gateway" },
        { "routes flip customers new --reason r --gateway {closed}", "STRANGLER_ADMIN_TOKEN", GoodToken, "Cannot reach the gateway" },
        { "routes list --gateway {bad}", "STRANGLER_ADMIN_TOKEN", "answer-401-0123456789", "refused the admin token (401" },
        { "routes history --gateway {bad}", "STRANGLER_ADMIN_TOKEN", "answer-500-0123456789", "The gateway answered 500 InternalServerError: <html> <body> <h1>Internal Server Error" },
        { "routes list --gateway {bad}", "STRANGLER_ADMIN_TOKEN", "answer-text-0123456789", "something that is not JSON at line 1, column " },
        { "routes flip customers sideways --reason r", "STRANGLER_ADMIN_TOKEN", GoodToken, "sideways" },
        { "routes flip customers new", "STRANGLER_ADMIN_TOKEN", GoodToken, "--reason" },
        { "routes rollback abc --reason r", "STRANGLER_ADMIN_TOKEN", GoodToken, "abc" },
        { "routes validate {dir}/missing", "", null, "no such directory" },
        { "routes validate {file}", "", null, "no such directory" },
        { "routes nonsense", "", null, "nonsense" },
        // gateway and sync: configuration named by key.
        { "gateway --routes {dir}", "", null, "Strangler:Gateway:DefaultUpstream must be an absolute http(s) URL" },
        { "gateway --routes {dir} --urls http://127.0.0.1:0", "", null, "DefaultUpstream must be an absolute http(s) URL (the legacy monolith, where paths no route file claims go): it is not set; pass --Strangler:Gateway:DefaultUpstream=" },
        // Several failures read as one list of clauses, not "works on all.; Strangler:...".
        { "gateway --routes {dir} --urls http://127.0.0.1:0 --Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1 --Strangler:Gateway:Fleet:Store=postgres", "Strangler__Gateway__Fleet__ConnectionString", "Host=127.0.0.1;Port=1", "works on all; Strangler:Dashboard:KeysDirectory is required in a fleet" },
        { "gateway --routes {dir} --urls http://127.0.0.1:0 --Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1", "Strangler__Gateway__AdminToken", $"{Secret}-0123456789\n", "AdminToken must be printable ASCII" },
        { "gateway --routes {dir} --urls not-a-url --Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1", "", null, "not-a-url" },
        // A duration as a bare number is read by .NET as that many days: refused, naming the key, at any depth.
        { "gateway --routes {dir} --urls http://127.0.0.1:0 --Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1 --Strangler:Gateway:UpstreamTimeout=30", "", null, "Strangler:Gateway:UpstreamTimeout: '30' is a bare number, which would be read as 30 days; write a duration hh:mm:ss[.fff], e.g. 00:00:30 for 30 seconds (30.00:00:00 if days are meant)" },
        { "gateway --routes {dir} --urls http://127.0.0.1:0 --Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1 --Strangler:Gateway:Breaker:OpenDuration=5", "", null, "Strangler:Gateway:Breaker:OpenDuration: '5' is a bare number" },
        { "sync --urls http://127.0.0.1:0 --Strangler:Sync:UseMockCluster=true --Strangler:Sync:StallAfter=120", "", null, "Strangler:Sync:StallAfter: '120' is a bare number, which would be read as 120 days" },
        { "reconcile customers --Strangler:Sync:Reconcile:Provider=sqlite --Strangler:Sync:Reconcile:ConnectionString=DataSource={dir}/legacy.db --Strangler:Sync:Reconcile:RecheckDelay=2", "", null, "Strangler:Sync:Reconcile:RecheckDelay: '2' is a bare number" },
        { "sync --urls http://127.0.0.1:0", "", null, "Strangler:Sync:BootstrapServers: is required" },
        { "sync --urls http://127.0.0.1:0 --Strangler:Sync:UseMockCluster=true --Strangler:Sync:Backfill:Provider=oracle --Strangler:Sync:Backfill:ConnectionString=x --Strangler:Sync:Backfill:Consumer:GroupId=g --Strangler:Sync:Backfill:Consumer:Topics:0=t", "", null, "Strangler:Sync:Backfill:Provider must be sqlserver, postgres or sqlite (was 'oracle')" },
        { "sync --urls http://127.0.0.1:0 --Strangler:Sync:UseMockCluster=true --Strangler:Sync:Backfill:Provider=sqlite --Strangler:Sync:Backfill:Consumer:GroupId=g --Strangler:Sync:Backfill:Consumer:Topics:0=t", "", null, "Strangler:Sync:Backfill:ConnectionString is required" },
        { "sync --urls http://127.0.0.1:0 --Strangler:Sync:UseMockCluster=true --Strangler:Sync:Backfill:Provider=sqlite --Strangler:Sync:Backfill:ConnectionString=DataSource=x --Strangler:Sync:Backfill:AppliedEventRetention=-1.00:00:00 --Strangler:Sync:Backfill:Consumer:GroupId=g --Strangler:Sync:Backfill:Consumer:Topics:0=t", "", null, "Strangler:Sync:Backfill:AppliedEventRetention must be positive" },
        // A password holding an unquoted ';': the drivers' messages quote what follows it ("Couldn't set s3cr3t...",
        // "Keyword not supported: 's3cr3t...'"), the MongoDB driver's the whole string. Named by setting, never quoted.
        { $"sync --urls http://127.0.0.1:0 --Strangler:Sync:UseMockCluster=true --Strangler:Sync:Backfill:Provider=postgres --Strangler:Sync:Backfill:ConnectionString=Host=h;Password=ab;{Secret}=x --Strangler:Sync:Backfill:Consumer:GroupId=g --Strangler:Sync:Backfill:Consumer:Topics:0=t", "", null, "Strangler:Sync:Backfill:ConnectionString is not one the PostgreSQL (Npgsql) driver can read" },
        { $"sync --urls http://127.0.0.1:0 --Strangler:Sync:UseMockCluster=true --Strangler:Sync:Store:Kind=mongodb --Strangler:Sync:Store:MongoDatabase=app --Strangler:Sync:Store:MongoConnectionString=mongodb://app:ab/{Secret}@db", "", null, "Strangler:Sync:Store:MongoConnectionString: is not a connection string the MongoDB driver can read" },
        { $"migrate --provider sqlserver --connection Server=h;Password=ab;{Secret}=x", "", null, "migrate: --connection is not one the SQL Server (Microsoft.Data.SqlClient) driver can read" },
        { "routes export {dir}/out --store postgres", "STRANGLER_FLEET_CONNECTION", $"Host=h;Password=ab;{Secret}=x", "routes export: STRANGLER_FLEET_CONNECTION is not one the PostgreSQL (Npgsql) driver can read" },
        // migrate: options, provider, unreachable or unusable database.
        { "migrate --connection x", "", null, "--provider" },
        { "migrate --provider oracle --connection x", "", null, "oracle" },
        { "migrate --provider postgres --connection Host=127.0.0.1;Port={closedport};Timeout=5", "", null, "migrate: the database at 127.0.0.1:" },
        { "migrate --provider sqlite --connection DataSource={dir}/missing/legacy.db", "", null, "/missing/legacy.db refused: " },
        { "migrate --provider sqlite --connection DataSource={dir}/legacy.db --dir {dir}/missing", "", null, "migrate:" },
        // cdc decode: missing and invalid files.
        { "cdc decode --value {dir}/missing.json", "", null, "--value: file" },
        { "cdc decode --key {dir}/missing.json --value {file}", "", null, "--key: file" },
        { "cdc decode --key {dir}/key.json --value {file}", "", null, "error:" },
        { "cdc decode --key {dir} --value {file}", "", null, "error:" },
        // dlq and sample: option errors.
        { "dlq list", "", null, "--topic" },
        { "dlq replay --topic t --offset abc", "", null, "abc" },
        { "sample nonsense", "", null, "nonsense" },
        { "sample legacy-monolith --urls not-a-url", "", null, "not-a-url" },
        // demo: argument errors only (it starts servers otherwise).
        { "demo --gateway-port 70000", "", null, "--gateway-port must be a whole number from 0 to 65535" },
        { "demo --legacy-port abc", "", null, "abc" },
        { "demo --routes {dir}/missing --gateway-port 0 --legacy-port 0 --customers-port 0 --sync-port 0 --work-dir {dir}/work", "", null, "No route files (*.json) in" },
        { "demo traffic --gateway not-a-url", "", null, "--gateway: 'not-a-url' is not an absolute http(s) URL" },
        { "demo traffic --requests 0", "", null, "--requests must be a whole number from 1 to 100000 (was '0')" },
        { "demo traffic --rate -1", "", null, "--rate must be a whole number from 0 to 1000 (requests per second; 0 for a burst) (was '-1')" },
        { "demo traffic --rate 1001", "", null, "--rate must be a whole number from 0 to 1000" },
        { "demo traffic --gateway {closed} --requests 2 --timeout 5", "", null, "Every request failed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_PrintsOneLineNamingTheProblem_AndExitsNonZero(string command, string variable, string? value, string expected)
    {
        using var directory = new TempDirectory();
        using var closed = new ClosedPort();
        var file = directory.Combine("not-json.json");
        File.WriteAllText(file, "{ this is not json");
        File.WriteAllText(directory.Combine("key.json"), "{\"id\": 1}");
        var args = command.Split(' ').Select(a => a
            .Replace("{closedport}", new Uri(closed.Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{closed}", closed.Url, StringComparison.Ordinal)
            .Replace("{bad}", misbehaving.Url, StringComparison.Ordinal)
            .Replace("{dir}", directory.Path, StringComparison.Ordinal)
            .Replace("{file}", file, StringComparison.Ordinal)).ToArray();
        var environment = new Dictionary<string, string?>();
        if (variable.Length > 0)
        {
            environment[variable] = value;
        }

        var result = await CliProcess.RunAsync(args, environment);

        Assert.True(result.ExitCode != 0, result.ToString());
        if (command.StartsWith("gateway ", StringComparison.Ordinal) || command.StartsWith("sync ", StringComparison.Ordinal))
        {
            // Bad settings of a server command are a preflight error (2), not the last-resort "unexpected error" (1).
            Assert.True(result.ExitCode == 2, result.ToString());
        }
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr:\n{result}");
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", result.Error + result.Output);
        Assert.DoesNotContain("Unhandled exception", result.Error + result.Output);
        Assert.DoesNotContain(Secret, result.Error + result.Output);
    }

    [Fact]
    public async Task A_gateway_refused_at_start_does_not_first_log_the_single_gateway_notices()
    {
        // A fleet without its shared keys: the notices "override tokens work on this instance only" and "sessions
        // work on this gateway only" came before the error saying those keys are required in a fleet.
        using var directory = new TempDirectory();
        using var closed = new ClosedPort();
        RouteFiles.Write(directory.Combine("routes"), "customers", new Uri(closed.Url), new Uri(closed.Url), "legacy");

        var result = await CliProcess.RunAsync(
            ["gateway", "--routes", directory.Combine("routes"), "--urls", "http://127.0.0.1:0",
                $"--Strangler:Gateway:DefaultUpstream={closed.Url}", "--Strangler:Gateway:Fleet:Store=postgres"],
            new Dictionary<string, string?> { ["Strangler__Gateway__Fleet__ConnectionString"] = "Host=127.0.0.1;Port=1" });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Strangler:Gateway:OverrideSigningKey is required in a fleet", result.Error);
        Assert.DoesNotContain("work on this instance only", result.Output + result.Error);
        Assert.DoesNotContain("No Strangler:Dashboard:KeysDirectory configured", result.Output + result.Error);
        Assert.DoesNotContain("No Strangler:Gateway:AdminToken configured", result.Output + result.Error);
    }
}
