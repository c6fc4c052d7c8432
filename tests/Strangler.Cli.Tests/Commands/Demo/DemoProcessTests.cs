using System.Diagnostics;
using System.Text.RegularExpressions;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Demo;

/// <summary>
/// The demo as a real process: SIGTERM (docker stop, systemd, timeout) ends the whole demo, not just the hosts that
/// catch it. SIGINT takes the same path in a terminal, but a test cannot send it reliably: a runner started in the
/// background inherits SIGINT as ignored.
/// </summary>
public sealed partial class DemoProcessTests
{
    [Fact]
    public async Task Demo_Sigterm_StopsEveryHostAndExits()
    {
        const string signal = "TERM";
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals are needed to stop the demo from outside.");
        using var directory = new TempDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "strangler.dll"), "demo", "--gateway-port", "0", "--legacy-port", "0",
            "--customers-port", "0", "--sync-port", "0", "--work-dir", directory.Path, "--routes", Repository.Routes,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var demo = Process.Start(start)!;
        try
        {
            var error = demo.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var printed = new List<string>();
            // Bounded: read until the demo says it runs, or it ends.
            while (await demo.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                printed.Add(line);
                if (line.Contains("is running", StringComparison.Ordinal))
                {
                    break;
                }
            }

            if (demo.HasExited)
            {
                // Only now is stderr complete; awaiting it while the demo runs would wait forever.
                Assert.Fail($"The demo ended before it ran:\n{string.Join('\n', printed)}\n{await error}");
            }

            // The admin token is printed for the user, and is on no process's command line, where `ps` would show it to
            // every user of the machine: the demo's hosts get it in memory, not as arguments of child processes.
            // The instructions are written at once, "is running" first and the token a few lines below it.
            var token = "";
            while (token.Length == 0 && await demo.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                printed.Add(line);
                token = AdminTokenLine().Match(line) is { Success: true } match ? match.Groups[1].Value : "";
            }

            Assert.True(token.Length > 0, $"The demo printed no admin token:\n{string.Join('\n', printed)}");
            Assert.Empty(CommandLinesHolding(token));
            using (var kill = Process.Start("kill", [$"-{signal}", demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            bound.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await demo.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                demo.Kill(entireProcessTree: true);
                Assert.Fail($"The demo was still running 60 s after SIG{signal}.");
            }

            var rest = await demo.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            Assert.Contains("Stopping the demo.", rest);
            // librdkafka's notices (its "%5|...|MOCK|" line about the in-process broker) are not the user's business.
            Assert.DoesNotContain("|MOCK|", await error);
            // Nor the hosts' start-up lines, which came above the demo's own instructions.
            Assert.DoesNotContain(printed, line => line.Contains("Hosting environment", StringComparison.Ordinal));
        }
        finally
        {
            // However the test ends: a failed assertion before the SIGTERM once left a demo running for an hour.
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The ids of the processes whose command line holds <paramref name="text"/> (Linux's /proc; none elsewhere).</summary>
    private static List<string> CommandLinesHolding(string text)
    {
        var found = new List<string>();
        foreach (var directory in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(text, StringComparison.Ordinal))
                {
                    found.Add(Path.GetFileName(directory));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Ended meanwhile, or not ours to read.
            }
        }

        return found;
    }

    [GeneratedRegex(@"admin token\s+(\S+)")]
    private static partial Regex AdminTokenLine();
}
