using System.Text;
using System.Text.Json;
using Strangler.Json;

namespace Strangler.Gateway.Tests.Json;

public sealed class JsonErrorPositionTests
{
    [Fact]
    public void Describe_ASyntaxError_CountsLinesAndCharactersFrom1_AndDropsTheReadersPosition()
    {
        var json = "{\n  \"name\": \"Zoë\", \"n\": }";
        var ex = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(json));

        // System.Text.Json says line 1, byte 23 (0-based, and the 'ë' is two bytes).
        Assert.Equal((1L, 23L), (ex.LineNumber, ex.BytePositionInLine));
        Assert.Equal("at line 2, column 23: '}' is an invalid start of a value.", JsonErrorPosition.Describe(json, ex));
    }

    [Fact]
    public void Describe_AValueOfTheWrongType_NamesItsPath()
    {
        var json = "{\n  \"count\": \"ten\"\n}";
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Counted>(json, JsonSerializerOptions.Web));

        var text = JsonErrorPosition.Describe(json, ex);

        Assert.StartsWith("at line 2, column 17 ($.count): The JSON value could not be converted to ", text);
        Assert.DoesNotContain("LineNumber", text);
        Assert.DoesNotContain("Path:", text);
    }

    [Fact]
    public void Describe_AnExceptionWithoutAPosition_IsItsMessage() =>
        Assert.Equal("a mode must be legacy, canary or new",
            JsonErrorPosition.Describe(Encoding.UTF8.GetBytes("{}"), new JsonException("a mode must be legacy, canary or new")));

    private sealed record Counted(int Count);
}
