using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Routes;

public sealed class RoutesValidateCommandTests
{
    private static readonly Uri Legacy = new("http://127.0.0.1:5101");
    private static readonly Uri New = new("http://127.0.0.1:5102");

    [Fact]
    public async Task Validate_GoodDirectory_ExitsZeroAndListsEachRoute()
    {
        using var directory = new TempDirectory();
        RouteFiles.Write(directory.Path, "customers", Legacy, New, "canary", 25);
        RouteFiles.Write(directory.Path, "orders", Legacy, Legacy);

        var result = await CliRunner.RunAsync("routes", "validate", directory.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("customers: canary:25", result.Output);
        Assert.Contains("orders: legacy", result.Output);
        Assert.Contains("2 route file(s)", result.Output);
    }

    [Fact]
    public async Task Validate_SeveralBadFiles_PrintsEveryErrorWithFileAndFieldAndExitsOne()
    {
        using var directory = new TempDirectory();
        RouteFiles.Write(directory.Path, "customers", Legacy, New, "sideways");
        RouteFiles.Write(directory.Path, "orders", Legacy, Legacy, "canary", 150);
        File.WriteAllText(directory.Combine("broken.json"), "{ \"name\": \"broken\", ");

        var result = await CliRunner.RunAsync("routes", "validate", directory.Path);

        Assert.Equal(1, result.ExitCode);
        // Each as path:line:column, so a terminal or an editor opens the file where the error is.
        var customers = File.ReadAllText(directory.Combine("customers.json"));
        Assert.Contains($"{directory.Combine("customers.json")}:1:{customers.IndexOf("\"sideways\"", StringComparison.Ordinal) + 1}: mode: unknown mode \"sideways\"", result.Error);
        var orders = File.ReadAllText(directory.Combine("orders.json"));
        Assert.Contains($"{directory.Combine("orders.json")}:1:{orders.IndexOf("150", StringComparison.Ordinal) + 1}: canaryPercentage: 150 is out of range 0..100", result.Error);
        Assert.Contains($"{directory.Combine("broken.json")}:1:21: invalid JSON: the file ends before its object is closed", result.Error);
        Assert.Contains("; a gateway would reject them all and keep serving its last good table.", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Validate_TwoSubdomainsClaimingOnePath_NamesTheDuplicate()
    {
        using var directory = new TempDirectory();
        RouteFiles.Write(directory.Path, "customers", Legacy, New);
        File.WriteAllText(directory.Combine("people.json"), File.ReadAllText(directory.Combine("customers.json"))
            .Replace("\"name\":\"customers\"", "\"name\":\"people\"", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("routes", "validate", directory.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/customers", result.Error);
    }

    [Fact]
    public async Task Validate_RepeatedFieldAndOversizedPath_AreReportedWithFileFieldAndLine()
    {
        using var directory = new TempDirectory();
        RouteFiles.Write(directory.Path, "customers", Legacy, New);
        var text = File.ReadAllText(directory.Combine("customers.json"));
        File.WriteAllText(directory.Combine("customers.json"), text.Replace("\"mode\":\"legacy\"", "\"mode\":\"legacy\",\n\"mode\":\"new\"", StringComparison.Ordinal));
        RouteFiles.Write(directory.Path, "orders", Legacy, Legacy);
        var orders = File.ReadAllText(directory.Combine("orders.json"));
        File.WriteAllText(directory.Combine("orders.json"), orders.Replace("\"/orders\",", $"\"/orders\",\"/{new string('o', 5_000)}\",", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("routes", "validate", directory.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{directory.Combine("customers.json")}:2:1: mode: appears more than once (lines 1 and 2)", result.Error);
        Assert.Contains($"{directory.Combine("orders.json")}:1:", result.Error);
        Assert.Contains(": paths[1]: ", result.Error);
        Assert.Contains("5001 characters long, more than the 2048", result.Error);
        Assert.DoesNotContain(new string('o', 100), result.Error);
    }

    [Fact]
    public async Task Validate_MissingDirectory_SaysSoAndExitsOne()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

        var result = await CliRunner.RunAsync("routes", "validate", missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{missing}: no such directory", result.Error);
    }

    [Theory]
    [InlineData("routes")]
    [InlineData("deploy/compose/routes")]
    public async Task Validate_TheShippedRouteFiles_AreValid(string relative)
    {
        var result = await CliRunner.RunAsync("routes", "validate", Path.Combine(Repository.Root, relative));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("customers: legacy", result.Output);
        Assert.Contains("orders: legacy", result.Output);
    }
}
