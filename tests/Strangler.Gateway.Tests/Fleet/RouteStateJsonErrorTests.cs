using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Tests.Fleet;

// Bug: the stored route state's syntax errors read "... LineNumber: 2 | BytePositionInLine: 13." (System.Text.Json's
// own 0-based line and byte), while a route file's say "line 3, column 14" (from 1, in characters).
public sealed class RouteStateJsonErrorTests
{
    [Fact]
    public void Parse_InvalidJson_GivesTheRouteFilesNumbering()
    {
        var json = "[\n  {\"name\": \"customers\",\n   \"legacy\": \"é\", \"mode\": legacy}\n]";

        var error = Assert.Single(RouteStateJson.Parse(json).Errors);

        // Line 3 from 1; column 27 counts the 'é' as one character (it is two bytes).
        Assert.StartsWith("the stored routes are not valid JSON at line 3, column 27: ", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
        Assert.DoesNotContain("BytePositionInLine", error.Message);
    }

    [Fact]
    public void TryRead_CorruptCacheFile_SaysWhereWithTheSameNumbering()
    {
        var path = Path.Combine(Path.GetTempPath(), $"route-state-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"Revision\": 4,\n \"UpdatedAt\": \"2026-01-01T00:00:00Z\",\n \"Routes\": [}");
        try
        {
            Assert.Null(RouteStateCache.TryRead(path, out var problem));

            Assert.StartsWith("the cache file is not valid at line 3, column 13", problem);
            Assert.DoesNotContain("LineNumber", problem);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TryRead_WrongTypeInCacheFile_NamesTheField()
    {
        var path = Path.Combine(Path.GetTempPath(), $"route-state-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\n  \"Revision\": \"four\", \"UpdatedAt\": \"2026-01-01T00:00:00Z\", \"Routes\": []}");
        try
        {
            Assert.Null(RouteStateCache.TryRead(path, out var problem));

            // The reader stands just past the value it could not convert.
            Assert.StartsWith("the cache file is not valid at line 2, column 21 ($.Revision): ", problem);
            Assert.DoesNotContain("LineNumber", problem);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
