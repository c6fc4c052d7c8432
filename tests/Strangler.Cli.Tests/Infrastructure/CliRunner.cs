using System.CommandLine;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>Runs the real <c>strangler</c> command tree in-process, capturing what it prints.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args) =>
        await RunAsync(args, TestContext.Current.CancellationToken);

    public static async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await StranglerCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
