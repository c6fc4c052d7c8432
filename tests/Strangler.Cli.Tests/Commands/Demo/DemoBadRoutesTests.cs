using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Demo;

/// <summary>
/// Regressions from a first-time user's walkthrough: a route file that was JSON but no route (<c>"mdoe"</c>) let the
/// demo start with no route table, every request answered 503, its errors at the lines of the demo's re-indented copy;
/// one that was not JSON stopped it with .NET's parser message ("Change the reader options"), naming the first bad file
/// only. Now the demo checks <c>routes/</c> as <c>strangler routes validate</c> does and refuses to start, with its lines
/// and its exit code. Bug: the demo exited 2 (a mistake in how it was called) where validate and apply exit 1 over the
/// same files (a file that cannot be used), so one set of files had two meanings to a script.
/// </summary>
public sealed class DemoBadRoutesTests
{
    [Fact]
    public async Task Demo_RouteFileThatIsNoRoute_RefusesToStart_WithTheLinesAndExitCodeOfRoutesValidate()
    {
        using var directory = new TempDirectory();
        var routes = ShippedRoutesIn(directory);
        Patch(routes, "customers.json", "\"mode\"", "\"mdoe\"");

        var validate = await CliRunner.RunAsync("routes", "validate", routes);
        var demo = await RunDemoAsync(directory, routes);

        Assert.Equal(1, validate.ExitCode);
        Assert.True(demo.ExitCode == 1, demo.ToString());
        Assert.Equal(Problems(validate), Problems(demo));
        // The position in the user's file, not in the copy the demo would have re-indented.
        Assert.Contains($"{Path.Combine(routes, "customers.json")}:6:3: mdoe: unknown field", demo.Error);
        Assert.EndsWith(
            $"error(s) in {routes}; the demo did not start. Fix them and start it again (strangler routes validate {routes} checks them).",
            demo.Error.TrimEnd());
        Assert.DoesNotContain("Strangler demo is running", demo.Output);
        Assert.False(Directory.Exists(directory.Combine("work")), "the demo started something before refusing: its work directory exists");
    }

    [Fact]
    public async Task Demo_RouteFilesThatAreNotJson_NamesEveryOne_AsRoutesValidateDoes()
    {
        using var directory = new TempDirectory();
        var routes = ShippedRoutesIn(directory);
        Patch(routes, "customers.json", "\"revision\": 1,", "\"revision\": 1,,");
        File.WriteAllText(Path.Combine(routes, "payments.json"), """{ "name": "payments", "paths": ["/payments",], "mode": "legacy" }""");

        var validate = await CliRunner.RunAsync("routes", "validate", routes);
        var demo = await RunDemoAsync(directory, routes);

        Assert.Equal(1, validate.ExitCode);
        Assert.True(demo.ExitCode == 1, demo.ToString());
        var problems = Problems(demo);
        Assert.Equal(Problems(validate), problems);
        Assert.Contains(problems, p => p.StartsWith(Path.Combine(routes, "customers.json") + ":11:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Path.Combine(routes, "payments.json") + ":1:", StringComparison.Ordinal)
            && p.Contains("invalid JSON: a trailing comma", StringComparison.Ordinal));
        Assert.DoesNotContain("reader options", demo.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory.Combine("work")));
    }

    private static string ShippedRoutesIn(TempDirectory directory)
    {
        var routes = Directory.CreateDirectory(directory.Combine("routes")).FullName;
        foreach (var file in Directory.GetFiles(Repository.Routes, "*.json"))
        {
            File.Copy(file, Path.Combine(routes, Path.GetFileName(file)));
        }

        return routes;
    }

    private static void Patch(string routes, string file, string from, string to)
    {
        var path = Path.Combine(routes, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    // Bounded: a demo that starts after all runs until it is stopped, and is then reported as having started.
    private static async Task<CliResult> RunDemoAsync(TempDirectory directory, string routes)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(90));
        return await CliRunner.RunAsync(
            ["demo", "--gateway-port", "0", "--legacy-port", "0", "--customers-port", "0", "--sync-port", "0",
                "--work-dir", directory.Combine("work"), "--routes", routes],
            stop.Token);
    }

    // Every line but the count, which says what each command did about them.
    private static List<string> Problems(CliResult result) =>
        [.. result.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)];
}
