using System.Collections.Concurrent;
using System.Diagnostics;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// The built <c>strangler</c> executable, run as users run it (its own process, a working directory holding nothing but
/// route files), writes no console line per proxied request by default, and exactly one with <c>--access-log</c>: the
/// gateway's logging defaults are embedded, not read from an appsettings.json that only the repository has.
/// Pins the bug where every proxied request wrote about twelve console lines.
/// </summary>
public sealed class GatewayConsoleTests(UpstreamsFixture upstreams)
{
    private const string Secret = "s3cret-never-on-the-console";

    [Fact]
    public async Task Gateway_AsShipped_WritesNoConsoleLinePerRequest()
    {
        var lines = await RunAndRequestAsync(accessLog: false, requests: 5);

        Assert.Contains(lines, line => line.Contains("Now listening on", StringComparison.Ordinal));
        // Said once the host has started (not while it is built, where a refused start would say it too).
        Assert.Contains(lines, line => line.Contains("override tokens are signed with a random key", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("No Strangler:Dashboard:KeysDirectory configured", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("/customers/", StringComparison.Ordinal)
            || line.Contains("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal)
            || line.Contains("Yarp.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gateway_WithAccessLog_WritesOneSingleLineEntryPerRequestWithoutSecrets()
    {
        var lines = await RunAndRequestAsync(accessLog: true, requests: 5);

        var access = lines.Where(line => line.Contains("Strangler.Gateway.AccessLog", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, access.Count);
        Assert.All(access, line => Assert.Matches(@"GET /customers/\d+ 200 new customers [\d.]+ ms$", line));
        Assert.DoesNotContain(lines, line => line.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Yarp.", StringComparison.Ordinal));
    }

    /// <summary>Starts the gateway in its own process group, sends requests, stops it (SIGTERM) and returns its output.</summary>
    private async Task<IReadOnlyList<string>> RunAndRequestAsync(bool accessLog, int requests)
    {
        using var directory = new TempDirectory();
        RouteFiles.Write(directory.Combine("routes"), "customers", upstreams.Legacy, upstreams.New, "new");
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "strangler"), "gateway", "--routes", "routes",
            "--urls", url, $"--Strangler:Gateway:DefaultUpstream={upstreams.Legacy}" })
        {
            start.ArgumentList.Add(argument);
        }

        if (accessLog)
        {
            start.ArgumentList.Add("--access-log");
        }

        var lines = new ConcurrentQueue<string>();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lines.Enqueue(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lines.Enqueue(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient();
            using (await HttpPolling.GetWhenUpAsync(http, url + "/readyz", process.WaitForExitAsync()))
            {
            }

            for (var i = 0; i < requests; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/customers/{i}?token={Secret}");
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Secret}");
                request.Headers.TryAddWithoutValidation("Cookie", $"session={Secret}");
                using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            }
        }
        finally
        {
            // The host flushes its console queue as it stops, so every line it logged is in the output afterwards.
            Signal(process.Id, "TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            finally
            {
                Signal(process.Id, "KILL");
            }
        }

        return lines.ToList();
    }

    private static void Signal(int processGroup, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, "--", "-" + processGroup])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        kill.WaitForExit();
    }
}
