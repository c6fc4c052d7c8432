using Strangler.Cli.Errors;

namespace Strangler.Cli.Tests.Errors;

/// <summary>The server URL options (<c>--gateway</c>, <c>--worker</c>): what they take, and the fix they spell out.</summary>
public sealed class HttpUrlArgumentTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5100")]
    [InlineData("https://gateway.internal/")]
    public void An_http_url_is_taken(string text)
    {
        Assert.Equal(new Uri(text), HttpUrlArgument.Parse("--gateway", text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    // Without the scheme, "localhost:5100" reads as a URL of scheme "localhost": the commonest slip.
    [InlineData("localhost:5100", "--gateway: 'localhost:5100' is not an absolute http(s) URL (did you mean http://localhost:5100?).")]
    [InlineData("gateway.internal:8080", "--gateway: 'gateway.internal:8080' is not an absolute http(s) URL (did you mean http://gateway.internal:8080?).")]
    [InlineData("10.0.0.7", "--gateway: '10.0.0.7' is not an absolute http(s) URL (did you mean http://10.0.0.7?).")]
    // A scheme that is there but wrong, or text that is no host, gets no guess.
    [InlineData("ftp://127.0.0.1/", "--gateway: 'ftp://127.0.0.1/' is not an absolute http(s) URL.")]
    [InlineData("two words", "--gateway: 'two words' is not an absolute http(s) URL.")]
    [InlineData("", "--gateway: '' is not an absolute http(s) URL.")]
    public void Anything_else_is_refused_naming_the_option(string text, string expected)
    {
        Assert.Null(HttpUrlArgument.Parse("--gateway", text, out var problem));
        Assert.Equal(expected, problem);
    }
}
