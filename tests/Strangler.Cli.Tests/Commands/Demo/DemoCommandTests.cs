using System.CommandLine;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Demo;

public sealed partial class DemoCommandTests
{
    [Fact]
    public async Task Demo_StartsEverythingPrintsInstructionsAndStopsOnCancel()
    {
        using var directory = new TempDirectory();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var output = new StringWriter();
        var synchronizedOutput = TextWriter.Synchronized(output);
        var run = StranglerCommand.Create()
            .Parse(["demo", "--gateway-port", "0", "--legacy-port", "0", "--customers-port", "0", "--sync-port", "0",
                "--work-dir", directory.Path, "--routes", Repository.Routes])
            .InvokeAsync(new InvocationConfiguration { Output = synchronizedOutput, Error = synchronizedOutput }, cancel.Token);

        var gateway = await WaitForGatewayAsync(output, run);
        var token = AdminToken().Match(output.ToString()).Groups[1].Value;
        Assert.Contains("routes flip customers canary:50", output.ToString());
        // Not the default work directory, so the reconcile step names it.
        Assert.Contains($"strangler demo reconcile --work-dir {directory.Path}", output.ToString());

        // The printed alias runs the built CLI as it is pasted into a shell.
        var alias = Alias().Match(output.ToString()).Groups[1].Value;
        var listed = await ShellAsync($"{alias} routes list --gateway {gateway} --token {token}");
        Assert.True(listed.ExitCode == 0 && listed.Output.Contains("customers", StringComparison.Ordinal), $"{alias}: {listed}");

        var traffic = await CliRunner.RunAsync("demo", "traffic", "--gateway", gateway, "--requests", "20", "--users", "5");
        Assert.True(traffic.ExitCode == 0, $"{traffic}\nThe demo printed:\n{output}");
        Assert.Matches(@"legacy\s+20\s+100\.0%", traffic.Output);

        var flip = await CliRunner.RunAsync("routes", "flip", "customers", "new", "--reason", "t", "--gateway", gateway, "--token", token);
        Assert.True(flip.ExitCode == 0, flip.ToString());
        var moved = await CliRunner.RunAsync("demo", "traffic", "--gateway", gateway, "--requests", "20", "--users", "5");
        Assert.True(moved.ExitCode == 0, $"{moved}\nThe demo printed:\n{output}");
        Assert.Matches(@"new\s+20\s+100\.0%", moved.Output);

        await cancel.CancelAsync();
        var exitCode = await run;
        Assert.True(exitCode == 0, $"The demo exited with {exitCode}:\n{output}");
        Assert.Contains("Stopping the demo.", output.ToString());
    }

    [Fact]
    public async Task Demo_PortAlreadyInUse_ExitsOneNamingThePort()
    {
        using var directory = new TempDirectory();
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await CliRunner.RunAsync(
            "demo", "--gateway-port", "0", "--legacy-port", port, "--customers-port", "0", "--sync-port", "0",
            "--work-dir", directory.Path, "--routes", Repository.Routes);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"legacy monolith could not listen on 127.0.0.1:{port}", result.Error);
        Assert.Contains("--legacy-port", result.Error);
    }

    [Fact]
    public async Task Demo_LegacyDatabaseWithoutAutoincrementKeys_ExitsOneNamingTheFile()
    {
        using var directory = new TempDirectory();
        var database = directory.Combine("legacy-monolith.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT NOT NULL, Email TEXT NOT NULL, CreatedAt TEXT NOT NULL)";
            command.ExecuteNonQuery();
        }

        var result = await CliRunner.RunAsync(
            "demo", "--gateway-port", "0", "--legacy-port", "0", "--customers-port", "0", "--sync-port", "0",
            "--work-dir", directory.Path, "--routes", Repository.Routes);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(database, result.Error);
        Assert.Contains("Customers have no AUTOINCREMENT key", result.Error);
    }

    [Fact]
    public async Task Demo_RoutesDirectoryWithoutRouteFiles_ExitsOneSayingSo()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Combine("empty"));

        var result = await CliRunner.RunAsync(
            "demo", "--gateway-port", "0", "--legacy-port", "0", "--customers-port", "0", "--sync-port", "0",
            "--work-dir", directory.Combine("work"), "--routes", directory.Combine("empty"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No route files", result.Error);
    }

    [Fact]
    public async Task Traffic_GatewayDown_ReportsEveryRequestFailedAndExitsOne()
    {
        using var closed = new ClosedPort();

        var result = await CliRunner.RunAsync("demo", "traffic", "--gateway", closed.Url, "--requests", "3");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"failed\s+3\s+\(no connection: 3\)", result.Output);
        Assert.Contains("Every request failed", result.Error);
    }

    [Fact]
    public async Task Traffic_GatewayThatNeverAnswers_CountsTimeoutsAsFailedAndExitsOne()
    {
        // Listening but never accepting: the kernel completes the handshake, and no answer ever comes.
        using var silent = new TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();

        var result = await CliRunner.RunAsync(
            "demo", "traffic", "--gateway", $"http://{silent.LocalEndpoint}", "--requests", "2", "--timeout", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"failed\s+2\s+\(timed out: 2\)", result.Output);
    }

    [Theory]
    [InlineData("--timeout", "0", "--timeout must be a whole number from 1 to 3600 (seconds) (was '0')")]
    [InlineData("--requests", "100001", "--requests must be a whole number from 1 to 100000 (was '100001')")]
    public async Task Traffic_OptionOutOfRange_IsRejectedNamingIt(string option, string value, string message)
    {
        var result = await CliRunner.RunAsync("demo", "traffic", "--gateway", "http://127.0.0.1:9", option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    private static async Task<string> WaitForGatewayAsync(StringWriter output, Task<int> run)
    {
        // Bounded: the demo starts three hosts; 60 s is far more than it needs even on a loaded machine.
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (GatewayLine().Match(output.ToString()) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            Assert.False(run.IsCompleted, $"The demo ended early:\n{output}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"The demo printed no gateway address:\n{output}");
    }

    [GeneratedRegex(@"^\s+gateway\s+(http://\S+?)/?\s", RegexOptions.Multiline)]
    private static partial Regex GatewayLine();

    [GeneratedRegex(@"admin token\s+(\S+)")]
    private static partial Regex AdminToken();

    [GeneratedRegex(@"alias strangler='([^']+)'")]
    private static partial Regex Alias();

    private static async Task<(int ExitCode, string Output)> ShellAsync(string command)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
