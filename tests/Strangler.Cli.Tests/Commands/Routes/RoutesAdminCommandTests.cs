using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Routes;

/// <summary>list, flip, history and rollback against a real gateway's admin API.</summary>
public sealed class RoutesAdminCommandTests(UpstreamsFixture upstreams) : IAsyncLifetime
{
    private GatewayUnderTest _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayUnderTest.StartAsync(upstreams);

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task List_ShowsEverySubdomainWithModeAndRevision()
    {
        var result = await Run("routes", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"customers\s+legacy\s+1\s+closed\s+/customers", result.Output);
        Assert.Matches(@"orders\s+legacy\s+1", result.Output);
    }

    [Fact]
    // Bug: the rejected change was printed as the raw JSON of lastLoadError.
    public async Task List_AfterARejectedEdit_PrintsEachErrorAsValidateDoes()
    {
        var file = Path.Combine(_gateway.RoutesDirectory, "customers.json");
        RouteFiles.WriteRaw(_gateway.RoutesDirectory, "customers.json",
            File.ReadAllText(file).Replace("\"legacy\",", "\"nwe\",", StringComparison.Ordinal).Replace("\"canaryPercentage\":0", "\"canaryPercentage\":250", StringComparison.Ordinal));
        var validate = await CliRunner.RunAsync("routes", "validate", _gateway.RoutesDirectory);
        Assert.Equal(1, validate.ExitCode);
        // validate names the file by the path it was given; the gateway's list by its name in the routes directory.
        var problems = validate.Error.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith(file + ":", StringComparison.Ordinal))
            .Select(l => l[(file.Length - "customers.json".Length)..]).ToList();
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Matches(@"^customers\.json:1:\d+: (mode|canaryPercentage): ", p));

        CliResult result = null!;
        Assert.True(await Eventually.TrueAsync(async () => (result = await Run("routes", "list")).Output.Contains("rejected", StringComparison.Ordinal)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"customers\s+legacy\s+1", result.Output);
        Assert.All(problems, p => Assert.Contains("\n  " + p + "\n", result.Output.ReplaceLineEndings("\n")));
        Assert.DoesNotContain("\"errors\"", result.Output);
        Assert.DoesNotContain("\"message\"", result.Output);
    }

    [Fact]
    public async Task Flip_ToCanaryThenNew_MovesTrafficAndWritesTheRouteFile()
    {
        var canary = await Run("routes", "flip", "customers", "canary:100", "--reason", "all canary users", "--actor", "ops");
        Assert.True(canary.ExitCode == 0, canary.ToString());
        Assert.Contains("customers: legacy -> canary:100, revision 1 -> 2", canary.Output);
        Assert.Equal("new", await _gateway.SideOfAsync("/customers/1", "alice"));

        var flipped = await Run("routes", "flip", "customers", "new", "--reason", "done");
        Assert.True(flipped.ExitCode == 0, flipped.ToString());
        Assert.Equal("new", await _gateway.SideOfAsync("/customers"));
        Assert.Equal("legacy", await _gateway.SideOfAsync("/orders"));
        Assert.Contains("\"mode\": \"new\"", File.ReadAllText(Path.Combine(_gateway.RoutesDirectory, "customers.json")));
    }

    [Fact]
    // Revisions count across the whole route table, so the second flip is revision 3.
    public async Task History_AfterFlips_ListsWhoWhatAndWhy()
    {
        await Run("routes", "flip", "customers", "canary:10", "--reason", "first ten percent", "--actor", "alice");
        var orders = await Run("routes", "flip", "orders", "new", "--reason", "orders too", "--actor", "bob");
        Assert.True(orders.ExitCode == 0, orders.ToString());

        var all = await Run("routes", "history");
        var customersOnly = await Run("routes", "history", "--subdomain", "customers");

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Matches(@"customers\s+flip\s+legacy\s+canary:10\s+2\s+alice\s+first ten percent", all.Output);
        Assert.Matches(@"orders\s+flip\s+legacy\s+new\s+3\s+bob\s+orders too", all.Output);
        Assert.Contains("first ten percent", customersOnly.Output);
        Assert.DoesNotContain("orders too", customersOnly.Output);
    }

    [Fact]
    // Bug: a misspelt --subdomain printed "(no changes recorded)" and exited 0, as if the sub-domain had never changed.
    public async Task History_UnknownSubdomain_ExitsOneNamingItAndTheKnownOnes()
    {
        var result = await Run("routes", "history", "--subdomain", "custmers");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("404", result.Error);
        Assert.Contains("no sub-domain named 'custmers' in the routes or the history (known: customers, orders)", result.Error);
        Assert.DoesNotContain("no changes recorded", result.Output);
    }

    [Fact]
    // Bug: the flip rewrote the file from the serving table and the rejected hand edit was lost without a word.
    public async Task Flip_OverARejectedEdit_AppliesAndSaysWhereTheEditWasKept()
    {
        var file = Path.Combine(_gateway.RoutesDirectory, "customers.json");
        var edit = File.ReadAllText(file).Replace("\"legacy\",", "\"nwe\",", StringComparison.Ordinal);
        RouteFiles.WriteRaw(_gateway.RoutesDirectory, "customers.json", edit);
        Assert.True(await Eventually.TrueAsync(async () => (await Run("routes", "list")).Output.Contains("rejected", StringComparison.Ordinal)));

        var result = await Run("routes", "flip", "customers", "new", "--reason", "incident", "--actor", "ops");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("customers: legacy -> new", result.Output);
        Assert.Contains("customers.json on disk held an edit the gateway was not serving; it is kept as customers.json.rejected", result.Output);
        Assert.Equal(edit, File.ReadAllText(file + ".rejected"));
        Assert.Equal("new", await _gateway.SideOfAsync("/customers"));
    }

    [Fact]
    public async Task Rollback_ToAnEarlierRevision_RestoresItsModeAsANewRevision()
    {
        await Run("routes", "flip", "customers", "new", "--reason", "go");
        Assert.Equal("new", await _gateway.SideOfAsync("/customers"));

        var result = await Run("routes", "rollback", "1", "--subdomain", "customers", "--reason", "errors went up");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("customers: new -> legacy, revision 2 -> 3", result.Output);
        Assert.Equal("legacy", await _gateway.SideOfAsync("/customers"));
    }

    [Fact]
    // Bug: a flip to the mode the route had took a revision and a history entry (the dashboard refused it).
    public async Task Flip_ToTheModeItHas_SaysSoInOneLine_ExitsZero_AndRecordsNothing()
    {
        var result = await Run("routes", "flip", "customers", "legacy", "--reason", "ensure legacy");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("customers is already legacy at revision 1; nothing recorded", result.Output.Trim());
        Assert.DoesNotContain("ensure legacy", (await Run("routes", "history")).Output);
        Assert.Matches(@"customers\s+legacy\s+1", (await Run("routes", "list")).Output);
    }

    [Fact]
    public async Task Rollback_ToTheStateItHas_SaysSoInOneLine_ExitsZero_AndRecordsNothing()
    {
        await Run("routes", "flip", "customers", "new", "--reason", "go");
        await Run("routes", "flip", "customers", "legacy", "--reason", "back");

        var result = await Run("routes", "rollback", "1", "--subdomain", "customers", "--reason", "make sure");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("customers is already legacy at revision 3 (as at revision 1); nothing recorded", result.Output.Trim());
        Assert.DoesNotContain("make sure", (await Run("routes", "history")).Output);
    }

    [Fact]
    // A misspelt sub-domain in the commands used most said only "no sub-domain named 'custmers'".
    public async Task FlipAndRolloutStatus_UnknownSubdomain_NameTheServedOnesAndTheOneMeant()
    {
        var flip = await Run("routes", "flip", "custmers", "new", "--reason", "typo");
        var status = await Run("rollout", "status", "custmers");

        Assert.Equal((1, 1), (flip.ExitCode, status.ExitCode));
        const string expected = "no sub-domain named 'custmers' in the routes (known: customers, orders); did you mean 'customers'?";
        Assert.Contains(expected, flip.Error);
        Assert.Contains(expected, status.Error);
        Assert.Equal("legacy", await _gateway.SideOfAsync("/customers"));
    }

    [Fact]
    // Bug: the answer was "no recorded revision 1 of sub-domain 'custmers'", as if the sub-domain existed without it.
    public async Task Rollback_UnknownSubdomain_ExitsOneNamingItAndTheKnownOnes()
    {
        var result = await Run("routes", "rollback", "1", "--subdomain", "custmers", "--reason", "typo");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("404", result.Error);
        Assert.Contains("no sub-domain named 'custmers' in the routes or the history (known: customers, orders)", result.Error);
        Assert.Equal("legacy", await _gateway.SideOfAsync("/customers"));
    }

    [Fact]
    // Revision 0 is a route file loaded without a revision; this gateway's files have one, so there is none to restore.
    public async Task Rollback_RevisionZero_NotRecorded_ExitsOneSayingWhatItIsAndWhichThereAre()
    {
        var result = await Run("routes", "rollback", "0", "--subdomain", "customers", "--reason", "back to the start");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no recorded revision 0 of sub-domain 'customers' (revision 0 is the state of a route file loaded without a \"revision\"", result.Error);
        Assert.Contains("the recorded ones of sub-domain 'customers' are 1; see the history", result.Error);
        Assert.Equal("legacy", await _gateway.SideOfAsync("/customers"));
    }

    [Fact]
    public async Task Flip_UnknownSubdomain_ExitsOneNamingItAndChangesNothing()
    {
        var result = await Run("routes", "flip", "invoices", "new", "--reason", "typo");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("404", result.Error);
        Assert.Contains("invoices", result.Error);
        Assert.Matches(@"customers\s+legacy\s+1", (await Run("routes", "list")).Output);
    }

    [Fact]
    // Bug: the answer was "subdomain: revision 1 exists for customers, orders: name one.", naming no option to add.
    public async Task Rollback_AmbiguousRevision_ExitsOneNamingTheOptionForEachSubdomain()
    {
        var result = await Run("routes", "rollback", "1", "--reason", "which one?");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("revision 1 exists for customers, orders: name one with --subdomain customers or --subdomain orders.", result.Error);
        Assert.Equal("legacy", await _gateway.SideOfAsync("/customers"));
    }

    [Theory]
    [InlineData("canary:150", "from 0 to 100")]
    [InlineData("sideways", "not a mode")]
    public async Task Flip_BadMode_IsRejectedBeforeAnyCall(string mode, string message)
    {
        var result = await Run("routes", "flip", "customers", mode, "--reason", "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal("legacy", await _gateway.SideOfAsync("/customers"));
    }

    [Fact]
    public async Task Flip_WrongToken_ExitsOneWith401AndChangesNothing()
    {
        var result = await CliRunner.RunAsync(
            "routes", "flip", "customers", "new", "--reason", "x", "--gateway", _gateway.Url.ToString(), "--token", "wrong");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("refused the admin token (401", result.Error);
        Assert.Equal("legacy", await _gateway.SideOfAsync("/customers"));
    }

    [Fact]
    public async Task List_UnreachableGateway_SaysItCannotReachIt()
    {
        using var closed = new ClosedPort();

        var result = await CliRunner.RunAsync("routes", "list", "--gateway", closed.Url, "--token", "t");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Cannot reach the gateway at {closed.Url}/", result.Error);
        // Bug: "Connection refused (127.0.0.1:5100) Is it running": .NET's reason and the question ran together.
        Assert.Matches(@"Cannot reach the gateway at \S+: .*[^.]\. Is it running", result.Error);
    }

    [Fact]
    public async Task List_GatewayOptionNotAUrl_NamesTheOption()
    {
        var result = await CliRunner.RunAsync("routes", "list", "--gateway", "not a url", "--token", "t");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--gateway: 'not a url'", result.Error);
    }

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, .. _gateway.AdminArgs]);
}
