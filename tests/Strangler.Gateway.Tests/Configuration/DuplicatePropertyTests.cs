using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Configuration;

/// <summary>Issue 9: a field written twice was accepted and the last one silently won.</summary>
public sealed class DuplicatePropertyTests : IDisposable
{
    private readonly string _directory = RouteFiles.NewDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string File(string mode, string userKey) => $$"""
        {
          "name": "customers",
          "paths": ["/customers", "/customers/{**rest}"],
          "legacy": "http://127.0.0.1:5101",
          "new": "http://127.0.0.1:5102",
          {{mode}},
          "userKey": {{userKey}}
        }
        """;

    [Fact]
    public void RepeatedTopLevelField_IsRejected_NamingFileFieldAndBothLines()
    {
        RouteFiles.WriteRaw(_directory, "customers.json", File("\"mode\": \"legacy\",\n  \"mode\": \"new\"", """{"source": "header", "name": "X-User-Id"}"""));

        var result = RouteValidator.LoadDirectory(_directory);

        Assert.Empty(result.Routes);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("customers.json", "mode"), (error.File, error.Field));
        Assert.Contains("appears more than once (lines 6 and 7)", error.Message);
    }

    [Fact]
    public void RepeatedNestedField_IsRejected_WithItsJsonPath()
    {
        RouteFiles.WriteRaw(_directory, "customers.json", File("\"mode\": \"new\"", """{"source": "header", "name": "a", "source": "cookie"}"""));

        var error = Assert.Single(RouteValidator.LoadDirectory(_directory).Errors);

        Assert.Equal(("customers.json", "userKey.source"), (error.File, error.Field));
        Assert.Contains("appears more than once on line 7", error.Message);
    }

    [Fact]
    public void SeveralRepeats_AreAllReportedAtOnce_WithOtherErrors()
    {
        RouteFiles.WriteRaw(_directory, "customers.json",
            File("\"mode\": \"new\", \"mode\": \"new\", \"canaryPercentage\": 500, \"legacy\": \"http://127.0.0.1:1\"", """{"name": "a", "name": "b", "source": "header"}"""));

        var errors = RouteValidator.LoadDirectory(_directory).Errors;

        Assert.Equal(["canaryPercentage", "legacy", "mode", "userKey.name"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(errors.Where(e => e.Field != "canaryPercentage"), e => Assert.Contains("more than once", e.Message));
    }

    [Fact]
    public void SameNameInDifferentObjects_IsNotADuplicate()
    {
        // "name" at the top and inside userKey are two fields.
        RouteFiles.WriteRaw(_directory, "customers.json", File("\"mode\": \"new\"", """{"source": "header", "name": "name"}"""));

        Assert.True(RouteValidator.LoadDirectory(_directory).IsValid);
    }

    [Theory]
    [InlineData("""{"a": 1, "b": {"a": 2, "c": [{"a": 3, "a": 4}]}}""", "b.c[0].a")]
    [InlineData("""[{"x": 1}, {"x": 1, "y": 2, "x": 3}]""", "[1].x")]
    [InlineData("""{"a": [[1], [2, {"k": 1, "k": 2}]]}""", "a[1][1].k")]
    public void Find_ReportsTheJsonPathAtAnyDepth(string json, string path)
    {
        var duplicate = Assert.Single(JsonPathIndex.Build(System.Text.Encoding.UTF8.GetBytes(json)).Duplicates);

        Assert.Equal(path, duplicate.Path);
    }
}
