using System.Text.Json.Nodes;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Configuration;

/// <summary>Issue 9: a 5 MB path was accepted. Files, path patterns and path counts have limits with clear errors.</summary>
public sealed class RouteFileLimitsTests : IDisposable
{
    private readonly string _directory = RouteFiles.NewDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static JsonObject Valid() => RouteFiles.Route("customers", "http://127.0.0.1:5101", "http://127.0.0.1:5102");

    private void WritePadded(int totalBytes)
    {
        var json = Valid().ToJsonString();
        // Whitespace is valid JSON, so the size alone decides.
        RouteFiles.WriteRaw(_directory, "customers.json", json[..^1] + new string(' ', totalBytes - json.Length) + "}");
    }

    [Fact]
    public void FileOfExactlyTheLimit_IsRead()
    {
        WritePadded(RouteFileLimits.MaxFileBytes);

        var result = RouteValidator.LoadDirectory(_directory);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void FileOneByteOverTheLimit_IsRejected_NamingTheFileAndTheLimit()
    {
        WritePadded(RouteFileLimits.MaxFileBytes + 1);

        var result = RouteValidator.LoadDirectory(_directory);

        Assert.Empty(result.Routes);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("customers.json", ""), (error.File, error.Field));
        Assert.Contains("larger than 1048576 bytes (1 MiB)", error.Message);
    }

    [Fact]
    public void ReadAtMost_NeverReadsPastTheLimitPlusOne()
    {
        var path = Path.Combine(_directory, "big.bin");
        System.IO.File.WriteAllBytes(path, new byte[10_000]);

        Assert.Null(RouteFileBytes.ReadAtMost(path, 9_999));
        Assert.Equal(10_000, RouteFileBytes.ReadAtMost(path, 10_000)!.Length);
    }

    [Fact]
    public void PathPatternAtTheLimit_IsAccepted_OneLonger_IsRejectedWithoutEchoingIt()
    {
        var atLimit = "/customers/" + new string('a', RouteFileLimits.MaxPathLength - "/customers/".Length);
        var tooLong = "/orders/" + new string('b', RouteFileLimits.MaxPathLength - "/orders/".Length + 1);
        var route = Valid();
        route["paths"] = new JsonArray(atLimit, tooLong);
        RouteFiles.Write(_directory, route);

        var error = Assert.Single(RouteValidator.LoadDirectory(_directory).Errors);

        Assert.Equal(("customers.json", "paths[1]"), (error.File, error.Field));
        Assert.Contains("is 2049 characters long, more than the 2048 a path pattern may be", error.Message);
        Assert.True(error.Message.Length < 200, error.Message);
    }

    [Fact]
    public void TooManyPaths_AreRejected_NamingTheCount()
    {
        var route = Valid();
        route["paths"] = new JsonArray(Enumerable.Range(0, RouteFileLimits.MaxPathsPerRoute + 1).Select(i => (JsonNode)$"/c{i}").ToArray());
        RouteFiles.Write(_directory, route);

        var error = Assert.Single(RouteValidator.LoadDirectory(_directory).Errors);

        Assert.Equal(("customers.json", "paths"), (error.File, error.Field));
        Assert.Contains("has 257 patterns, more than the 256", error.Message);
    }

    [Fact]
    public void AsManyPathsAsTheLimit_AreAccepted()
    {
        var route = Valid();
        route["paths"] = new JsonArray(Enumerable.Range(0, RouteFileLimits.MaxPathsPerRoute).Select(i => (JsonNode)$"/c{i}").ToArray());
        RouteFiles.Write(_directory, route);

        Assert.True(RouteValidator.LoadDirectory(_directory).IsValid);
    }
}
