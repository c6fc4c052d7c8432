using System.Text;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Configuration;

/// <summary>
/// Regression: a flip rewrote the route file with the default encoder, so a file ops wrote as <c>"/größen"</c> came back
/// as <c>"/gr\u00F6\u00DFen"</c>, and <c>&amp;</c>, <c>+</c> and <c>'</c> as <c>\u0026</c>, <c>\u002B</c> and
/// <c>\u0027</c>: the same JSON, but not what a person reads or greps for.
/// </summary>
public sealed class RouteFileWriterTests
{
    [Fact]
    public void ARouteFile_IsWrittenWithTheCharactersAsTheyAre_AndReadsBackTheSame()
    {
        var route = new RouteDefinition
        {
            Name = "sizes",
            Paths = ["/größen", "/größen/{**rest}"],
            Legacy = "http://127.0.0.1:5001",
            New = "http://127.0.0.1:5002",
            Mode = RouteMode.Canary,
            CanaryPercentage = 10,
            Cohort = "o'brien+friends & family",
        };

        var text = Encoding.UTF8.GetString(RouteFileWriter.Serialize(route));

        Assert.Contains("\"/größen/{**rest}\"", text, StringComparison.Ordinal);
        Assert.Contains("\"cohort\": \"o'brien+friends & family\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
        var errors = new List<RouteValidationError>();
        var read = RouteFileReader.Read("sizes.json", Encoding.UTF8.GetBytes(text), errors);
        Assert.Empty(errors);
        Assert.True(RouteFileWriter.SameContent(route, read), text);
    }
}
