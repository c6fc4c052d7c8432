using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Routes;

/// <summary>Each <c>routes</c> command's help offers the options it uses, and no others.</summary>
public sealed class RoutesHelpTests
{
    [Theory]
    [InlineData("list")]
    [InlineData("flip")]
    [InlineData("history")]
    [InlineData("rollback")]
    public async Task AnAdminApiCommand_OffersGatewayAndToken(string command)
    {
        var result = await CliRunner.RunAsync("routes", command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--gateway", result.Output);
        Assert.Contains("--token", result.Output);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("apply")]
    [InlineData("export")]
    [InlineData("replicas")]
    public async Task ACommandThatNeverCallsTheGateway_DoesNotOfferItsOptions(string command)
    {
        var result = await CliRunner.RunAsync("routes", command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("--gateway", result.Output);
        Assert.DoesNotContain("--token", result.Output);
    }
}
