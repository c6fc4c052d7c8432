using System.Diagnostics;
using System.Net.Sockets;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Demo;

/// <summary>
/// Bug: the demo on a port already taken logged the host's "Hosting failed to start" with a full stack trace before
/// its own one-line message; the README promises one line on stderr. Run as a real process, to see all it prints.
/// </summary>
public sealed class DemoPortTakenProcessTests
{
    [Fact]
    public async Task Demo_PortTaken_PrintsOneLineAndNoStackTrace()
    {
        using var directory = new TempDirectory();
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "strangler.dll"), "demo", "--gateway-port", "0", "--legacy-port", port,
            "--customers-port", "0", "--sync-port", "0", "--work-dir", directory.Path, "--routes", Repository.Routes,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var demo = Process.Start(start)!;
        var output = demo.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = demo.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await demo.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            demo.Kill(entireProcessTree: true);
            Assert.Fail("The demo was still running 120 s after it was started on a taken port.");
        }

        var (stdout, stderr) = (await output, await error);
        Assert.Equal(1, demo.ExitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"The legacy monolith could not listen on 127.0.0.1:{port} (", line);
        Assert.Contains("--legacy-port", line);
        Assert.DoesNotContain("Hosting failed to start", stdout + stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }
}
