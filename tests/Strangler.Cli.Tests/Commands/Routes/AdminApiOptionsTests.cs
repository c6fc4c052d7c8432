using System.CommandLine;
using Strangler.Cli.Commands.Routes;

namespace Strangler.Cli.Tests.Commands.Routes;

public sealed class AdminApiOptionsTests
{
    [Fact]
    public void Resolve_NoTokenOption_ReadsTheEnvironmentVariable()
    {
        var (options, parse) = Parse();

        var settings = options.Resolve(parse, name => name == AdminApiOptions.TokenVariable ? "from-env" : null);

        Assert.Equal("from-env", settings.Token);
        Assert.Equal(new Uri(AdminApiOptions.DefaultGateway), settings.Gateway);
    }

    [Fact]
    public void Resolve_TokenOption_WinsOverTheEnvironment()
    {
        var (options, parse) = Parse("--token", "from-option");

        Assert.Equal("from-option", options.Resolve(parse, _ => "from-env").Token);
    }

    [Fact]
    public void Resolve_NoTokenAnywhere_ExplainsBothWaysToGiveOne()
    {
        var (options, parse) = Parse();

        var error = Assert.Throws<AdminApiException>(() => options.Resolve(parse, _ => null));

        Assert.Contains("--token", error.Message);
        Assert.Contains(AdminApiOptions.TokenVariable, error.Message);
    }

    private static (AdminApiOptions, ParseResult) Parse(params string[] args)
    {
        var options = new AdminApiOptions();
        var command = new RootCommand { options.Gateway, options.Token };
        return (options, command.Parse(args));
    }
}
