using Strangler.Cli.Hosting;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Hosting;

/// <summary>
/// <c>--urls</c>: what Kestrel listens on is taken, anything else is one line naming it. Bug: <c>gateway --urls
/// ftp://...</c> built the gateway and failed while starting, with Kestrel's stack trace and exit 1.
/// </summary>
public sealed class ListenUrlsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5100")]
    [InlineData("https://gateway.internal:443/")]
    [InlineData("HTTP://localhost:0")]
    // Kestrel's any-address hosts, which Uri does not take.
    [InlineData("http://*:5100")]
    [InlineData("http://+:5100")]
    [InlineData("http://[::]:5100; http://0.0.0.0:5101")]
    [InlineData("http://unix:/run/strangler.sock")]
    public void An_address_Kestrel_listens_on_is_taken(string urls) => Assert.Null(ListenUrls.Problem(urls));

    [Theory]
    [InlineData("ftp://127.0.0.1:5100", "--urls: 'ftp://127.0.0.1:5100' is not an absolute http(s) URL to listen on (e.g. http://127.0.0.1:5100).")]
    [InlineData("localhost:5100", "--urls: 'localhost:5100' is not an absolute http(s) URL to listen on (did you mean http://localhost:5100?).")]
    [InlineData("--help", "--urls: '--help' is not an absolute http(s) URL to listen on (e.g. http://127.0.0.1:5100).")]
    // BindingAddress takes these; Kestrel fails on them while starting.
    [InlineData("http://127.0.0.1:abc", "--urls: 'http://127.0.0.1:abc' is not an absolute http(s) URL to listen on (e.g. http://127.0.0.1:5100).")]
    [InlineData("http://127.0.0.1:99999", "--urls: 'http://127.0.0.1:99999' is not an absolute http(s) URL to listen on (e.g. http://127.0.0.1:5100).")]
    [InlineData("http://127.0.0.1:5100/api", "--urls: 'http://127.0.0.1:5100/api' has a path ('/api'); an address to listen on is a scheme, host and port (e.g. http://127.0.0.1:5100).")]
    // The first address that is wrong is named, whichever it is; a password in it is not echoed.
    [InlineData("http://127.0.0.1:5100;http://ops:s3cret@127.0.0.1:5101", "--urls: 'http://***@127.0.0.1:5101' is not an absolute http(s) URL to listen on (e.g. http://127.0.0.1:5100).")]
    [InlineData(" ; ", "--urls: ' ; ' names no address to listen on (e.g. http://127.0.0.1:5100).")]
    public void Anything_else_is_one_line_naming_the_address(string urls, string expected) => Assert.Equal(expected, ListenUrls.Problem(urls));

    [Theory]
    [InlineData("ftp://127.0.0.1:5100", "--urls: 'ftp://127.0.0.1:5100' is not an absolute http(s) URL to listen on")]
    [InlineData("127.0.0.1:5100", "(did you mean http://127.0.0.1:5100?)")]
    public async Task Gateway_refuses_it_before_anything_is_built(string urls, string expected)
    {
        using var directory = new TempDirectory();

        var result = await CliProcess.RunAsync(["gateway", "--routes", directory.Path, "--urls", urls,
            "--Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("strangler gateway: --urls: ", line);
        Assert.Contains(expected, line);
        Assert.EndsWith("See 'strangler gateway --help'.", line);
        Assert.Empty(result.Output); // no host log: nothing was built
    }

    [Fact]
    public async Task Sync_refuses_it_before_it_starts()
    {
        var result = await CliProcess.RunAsync(["sync", "--urls", "ftp://127.0.0.1:0", "--Strangler:Sync:UseMockCluster=true"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("error: --urls: 'ftp://127.0.0.1:0' is not an absolute http(s) URL to listen on (e.g. http://127.0.0.1:5100).",
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last());
    }
}
