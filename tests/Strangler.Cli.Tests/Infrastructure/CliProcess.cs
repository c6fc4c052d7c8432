using System.Diagnostics;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>
/// Runs the built <c>strangler</c> as its own process, as a person does: real stdout, stderr, exit code and
/// environment, including what Program.cs does above the command tree.
/// </summary>
public static class CliProcess
{
    public static async Task<CliResult> RunAsync(string[] args, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "strangler.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test runner's own admin token must not leak into a case that expects none.
        start.Environment.Remove("STRANGLER_ADMIN_TOKEN");
        start.Environment.Remove("STRANGLER_DEBUG");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"strangler {string.Join(' ', args)} did not exit within 120 s:\n{await output}\n{await error}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
