using Strangler.Cli.Commands.Routes;

namespace Strangler.Cli.Tests.Commands.Routes;

public sealed class ProblemTextTests
{
    [Fact]
    public void From_ValidationProblem_PrintsTitleAndEachFieldOnce()
    {
        const string body = """
            {"title":"Invalid request","detail":"mode: unknown","errors":{"mode":["unknown mode 'x'"],"reason":["is required"]}}
            """;

        Assert.Equal("Invalid request. mode: unknown mode 'x'. reason: is required.", ProblemText.From(body));
    }

    [Fact]
    public void From_ProblemWithoutErrors_PrintsTheDetail()
    {
        Assert.Equal("Not found. No such route.", ProblemText.From("""{"title":"Not found","detail":"No such route."}"""));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("plain text\n", "plain text")]
    public void From_NotJson_PrintsTheBodyAsIs(string body, string expected) =>
        Assert.Equal(expected, ProblemText.From(body));
}
