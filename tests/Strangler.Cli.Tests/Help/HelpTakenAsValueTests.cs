using Strangler.Cli.Help;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Help;

/// <summary>
/// Help typed where an option's value goes is help. Bug: System.CommandLine took the word after an option that takes a
/// value as that value, so <c>gateway --routes --help</c> started a gateway on a routes directory named "--help" and
/// <c>routes flip customers new --reason --help</c> flipped the route with the reason "--help".
/// </summary>
public sealed class HelpTakenAsValueTests
{
    [Theory]
    [InlineData("gateway --urls --help", "strangler gateway [options]")]
    [InlineData("gateway --routes -h", "strangler gateway [options]")]
    [InlineData("routes flip customers new --reason --help", "strangler routes flip <subdomain> <mode> [options]")]
    // Help whatever else is missing or wrong, as --help is elsewhere.
    [InlineData("routes flip --reason -?", "strangler routes flip <subdomain> <mode> [options]")]
    [InlineData("routes list --gateway --help", "strangler routes list [options]")]
    [InlineData("routes list --token -h", "strangler routes list [options]")]
    [InlineData("demo --legacy-port --help", "strangler demo [command] [options]")]
    public async Task A_help_name_taken_as_an_options_value_shows_that_commands_help(string command, string usage)
    {
        var result = await CliProcess.RunAsync(command.Split(' '));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:\n  " + usage, result.Output.ReplaceLineEndings("\n"));
        Assert.Empty(result.Error);
    }

    [Theory]
    // A path is what --routes takes, and "/h" is one.
    [InlineData("gateway --routes /h")]
    [InlineData("routes flip customers new --reason --helpful")]
    [InlineData("routes flip customers new --reason r --help")]
    public void Anything_else_is_left_to_the_parser(string command)
    {
        var parsed = StranglerCommand.Create().Parse(command.Split(' '));

        Assert.Null(HelpTakenAsValue.HelpArguments(parsed));
    }
}
