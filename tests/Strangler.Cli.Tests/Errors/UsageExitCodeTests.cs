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
    // A value that does not convert.
    [InlineData("demo --legacy-port abc", "Cannot parse argument 'abc' for option '--legacy-port'")]
    [InlineData("routes rollback abc --reason r", "Cannot parse argument 'abc'")]
    // An unknown command, at the top and below it.
    [InlineData("nonsense", "Unrecognized command or argument 'nonsense'")]
    [InlineData("routes nonsense", "Unrecognized command or argument 'nonsense'")]
    // An unknown option.
    [InlineData("routes list --bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("dlq list --topic t --bogus 1", "Unrecognized command or argument '--bogus'")]
    // A missing argument or required option.
    [InlineData("routes flip customers --reason r", "Required argument missing for command: 'flip'")]
    [InlineData("routes flip customers new", "Option '--reason' is required")]
    // A value a validator refuses.
    [InlineData("demo --gateway-port 70000", "--gateway-port must be from 0 to 65535")]
    public async Task A_parse_error_exits_2_with_one_line_naming_it(string command, string expected)
    {
        var result = await CliProcess.RunAsync(command.Split(' '));

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr:\n{result}");
        Assert.Contains(expected, lines[0]);
        Assert.Contains("--help'", lines[0]);
        Assert.Empty(result.Output);
    }

    [Theory]
    // Options a command checks itself, before it opens or sends anything.
    [InlineData("routes list", "No admin token")]
    [InlineData("routes list --gateway not-a-url --token a-token-long-enough-0123", "--gateway: 'not-a-url' is not an absolute http(s) URL")]
    [InlineData("routes apply . --reason r --connection Host=x", "routes apply: --store is required")]
    [InlineData("routes apply . --reason {blank} --store postgres --connection Host=x", "routes apply: --reason must say why")]
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
