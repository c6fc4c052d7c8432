using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Routes;

/// <summary>
/// Bug: <c>--reason</c> refused control characters only, and <c>--actor</c> nothing, while the gateway also refuses the
/// line and paragraph separators and the bidirectional controls: such a reason went out and came back as a 400 (exit 1).
/// Both options now use the gateway's own rule, so the mistake exits 2 and nothing reaches the gateway.
/// </summary>
public sealed class OperatorTextOptionTests(UpstreamsFixture upstreams) : IAsyncLifetime
{
    private GatewayUnderTest _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayUnderTest.StartAsync(upstreams);

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    public static TheoryData<string, string, string> Cases => new()
    {
        { "routes flip customers new", "--reason", "--reason contains a line separator (U+2028) at character 5" },
        { "routes flip customers new", "--actor", "--actor contains a line separator (U+2028) at character 5" },
        { "routes rollback 1 --subdomain customers", "--reason", "--reason contains a line separator (U+2028) at character 5" },
        { "rollout start customers", "--actor", "--actor contains a line separator (U+2028) at character 5" },
        { "rollout pause customers", "--reason", "--reason contains a line separator (U+2028) at character 5" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_line_separator_exits_2_naming_the_option_and_sends_nothing(string command, string option, string expected)
    {
        var args = Arguments(command, option, "fine\u2028FAKE info: forged");

        var result = await CliRunner.RunAsync([.. args, .. _gateway.AdminArgs]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("forged", result.Error);
        await AssertNothingRecordedAsync();
    }

    [Theory]
    [InlineData("--reason")]
    [InlineData("--actor")]
    public async Task A_bidirectional_override_exits_2_naming_the_option_and_sends_nothing(string option)
    {
        var args = Arguments("routes flip customers new", option, "\u202Eesrever");

        var result = await CliRunner.RunAsync([.. args, .. _gateway.AdminArgs]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{option} contains a bidirectional control character (U+202E) at character 1", result.Error);
        await AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task A_blank_actor_exits_2()
    {
        var result = await CliRunner.RunAsync(["routes", "flip", "customers", "new", "--reason", "r", "--actor", " ", .. _gateway.AdminArgs]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--actor must name who gives the command", result.Error);
        await AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task Routes_apply_checks_its_reason_the_same_way_before_opening_the_store()
    {
        // A store nobody listens on: the refusal must come before any connection is tried.
        var result = await CliRunner.RunAsync("routes", "apply", _gateway.RoutesDirectory, "--reason", "release\u2029notes",
            "--store", "postgres", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--reason contains a paragraph separator (U+2029) at character 8", result.Error);
    }

    // The text goes in as one argument, whatever it holds; the other option gets a harmless value.
    private static string[] Arguments(string command, string option, string text) =>
    [
        .. command.Split(' '),
        "--reason", option == "--reason" ? text : "fine",
        "--actor", option == "--actor" ? text : "ops",
    ];

    private async Task AssertNothingRecordedAsync()
    {
        var list = await CliRunner.RunAsync(["routes", "list", .. _gateway.AdminArgs]);
        Assert.Matches(@"customers\s+legacy\s+1", list.Output);
        var history = await CliRunner.RunAsync(["routes", "history", .. _gateway.AdminArgs]);
        Assert.DoesNotContain("flip", history.Output);
        Assert.DoesNotContain("rollback", history.Output);
    }
}
