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
    // An option the parser took for the value (`--gateway --token x`). Bug: "did you mean http://--token?".
    [InlineData("--token", "--gateway: '--token' is not an absolute http(s) URL.")]
    public void Anything_else_is_refused_naming_the_option(string text, string expected)
    {
        Assert.Null(HttpUrlArgument.Parse("--gateway", text, out var problem));
        Assert.Equal(expected, problem);
    }

    [Theory]
    // Bug: the refusal echoed the text whole, so a URL carrying credentials printed its password to the terminal and CI log.
    [InlineData("ftp://ops:s3cret@gateway/", "--gateway: 'ftp://***@gateway/' is not an absolute http(s) URL.")]
    // Without the scheme, "ops:s3cret@gateway:5100" reads as the scheme "ops": the suggestion drops the credentials too.
    [InlineData("ops:s3cret@gateway:5100", "--gateway: '***@gateway:5100' is not an absolute http(s) URL (did you mean http://gateway:5100?).")]
    [InlineData("http://ops:s3cret@gateway:5100/", "--gateway: 'http://***@gateway:5100/' carries a user name or password, which is never sent; give the URL without it and the token with --token.")]
    [InlineData("https://s3cret@gateway/", "--gateway: 'https://***@gateway/' carries a user name or password, which is never sent; give the URL without it and the token with --token.")]
    [InlineData("http://ops:s3cr@t@gateway two", "--gateway: 'http://***@gateway two' is not an absolute http(s) URL.")]
    public void A_url_with_credentials_is_refused_without_echoing_them(string text, string expected)
    {
        Assert.Null(HttpUrlArgument.Parse("--gateway", text, out var problem));
        Assert.Equal(expected, problem);
        Assert.DoesNotContain("s3cr", problem);
    }

    [Theory]
    [InlineData("http://gateway/users/@me")]
    [InlineData("http://gateway/?by=a@b")]
    public void An_at_sign_after_the_host_is_no_credential(string text)
    {
        Assert.Equal(new Uri(text), HttpUrlArgument.Parse("--gateway", text, out var problem));
        Assert.Null(problem);
    }
}
