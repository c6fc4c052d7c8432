using System.Diagnostics;

namespace Strangler.Benchmarks.Load;

/// <summary>
/// Drives a URL with wrk (<c>apt-get install -y wrk</c>), varying the user-key header per request, closed loop or paced
/// (<see cref="WrkSettings.PauseMilliseconds"/>).
/// </summary>
internal sealed class WrkRunner(WrkSettings settings)
{
    // A different user key on each request, so a canary route splits traffic as it would for real users.
    private const string UserKeyScript = """
        local counter = 0
        request = function()
          counter = counter + 1
          return wrk.format(nil, nil, { ["X-User-Id"] = "user-" .. (counter % 10000) })
        end
        """;

    public async Task<WrkResult> RunAsync(string url, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Path.GetTempPath(), $"strangler-wrk-{Guid.NewGuid():N}.lua");
        var pause = settings.PauseMilliseconds > 0 ? $"\ndelay = function() return {settings.PauseMilliseconds} end\n" : "";
        await File.WriteAllTextAsync(script, UserKeyScript + pause, cancellationToken);
        try
        {
            var start = new ProcessStartInfo(settings.Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                $"-t{settings.Threads}", $"-c{settings.Connections}", $"-d{settings.DurationSeconds}s",
                "--latency", "-s", script, url,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)
                ?? throw new InvalidOperationException($"Could not start '{settings.Executable}'.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {await error}");
            }

            return WrkOutputParser.Parse(await output);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
