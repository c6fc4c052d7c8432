using System.CommandLine;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

public sealed class GatewayCommandTests(UpstreamsFixture upstreams)
{
    [Fact]
    public async Task Gateway_RoutesAndExtraConfiguration_ServesUntilCancelled()
    {
        using var directory = new TempDirectory();
        RouteFiles.Write(directory.Path, "customers", upstreams.Legacy, upstreams.New, "new");
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = StranglerCommand.Create()
            .Parse(["gateway", "--routes", directory.Path, "--urls", url,
                $"--Strangler:Gateway:DefaultUpstream={upstreams.Legacy}",
                "--Strangler:Gateway:ServedByHeader=X-Served", "--Logging:LogLevel:Default=Warning"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }, cancel.Token);

        using var http = new HttpClient();
        using var claimed = await HttpPolling.GetWhenUpAsync(http, url + "/customers/7", run);
        using var unclaimed = await http.GetAsync(url + "/anything-else", TestContext.Current.CancellationToken);

        Assert.Contains("\"upstream\":\"new\"", await claimed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.StartsWith("new", claimed.Headers.GetValues("X-Served").Single());
        Assert.Contains("\"upstream\":\"legacy\"", await unclaimed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await cancel.CancelAsync();
        Assert.Equal(0, await run);
    }
}
