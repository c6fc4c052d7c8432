using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Help;

/// <summary>
/// <c>strangler --help</c> is a list of commands, one line each; what a command needs beyond that line is in its own
/// help. Regression: a command's description is also its line in that list, and gateway's and sync's carried their
/// whole settings list, so the first look at the tool was some 50 lines, most of them about two commands.
/// </summary>
public sealed class DetailedHelpTests
{
    [Fact]
    public async Task TheTopLevelHelp_ListsEachCommandOnOneLine_AndPointsToTheirOwnHelp()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.ReplaceLineEndings("\n").Split('\n');
        var commands = lines.SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        var names = StranglerCommand.Create().Subcommands.Select(c => c.Name).ToList();
        Assert.Equal(names, commands.Select(l => l.Trim().Split(' ')[0]));
        Assert.All(commands, line => Assert.True(line.Length <= 160, $"longer than one line: {line}"));
        Assert.DoesNotContain("Settings, under", result.Output);
        Assert.Contains("Each command's --help tells its options and settings", result.Output);
    }

    [Theory]
    [InlineData("gateway", "Run the gateway", "Settings, under Strangler:Gateway")]
    [InlineData("sync", "Run the sync worker", "Settings, under Strangler:Sync")]
    [InlineData("migrate", "Create or update Strangler's tables", "first existing schema of the connection's search_path")]
    [InlineData("sample legacy-monolith", "Run the legacy monolith", "--LegacyMonolith:DatabasePath=legacy.db")]
    [InlineData("reconcile", "Prove that the legacy tables", "Extra arguments are the sync worker's settings")]
    [InlineData("dlq list", "List the dead letters", "Extra arguments are settings, --Section:Key=value")]
    public async Task ACommandsOwnHelp_KeepsItsOneLine_AndAddsTheDetails_AfterTheOptions(string command, string line, string detail)
    {
        var result = await CliRunner.RunAsync([.. command.Split(' '), "--help"], TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        var output = result.Output.ReplaceLineEndings("\n");
        Assert.Contains("Description:\n  " + line, output);
        Assert.True(output.IndexOf(detail, StringComparison.Ordinal) > output.IndexOf("Options:", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task HelpAskedBesideAMistake_StillHasTheDetails()
    {
        var result = await CliRunner.RunAsync("migrate", "--bogus", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("first existing schema of the connection's search_path", result.Output);
        Assert.Empty(result.Error);
    }
}
