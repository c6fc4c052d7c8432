using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Tests.Breakers;

/// <summary>
/// A client's own fault is not the new side's. Bug, found running the gateway as ops do: a request body the client
/// broke off or mis-framed made YARP answer 400 with an error the gateway counted as an upstream failure, so clients
/// could open the new side's breaker (and raise its error rate for the rollout gates) by sending bad uploads.
/// </summary>
public sealed class ClientFaultTests
{
    [Fact]
    public async Task Malformed_request_bodies_do_not_count_as_new_side_failures_or_open_the_breaker()
    {
        await using var rig = await Rig.StartAsync("new", settings: new Dictionary<string, string?> { ["Strangler:Gateway:Breaker:FailureThreshold"] = "2" });
        rig.New.Handler = async c => await c.Response.WriteAsync("new read " + (await new StreamReader(c.Request.Body).ReadToEndAsync()).Length);

        for (var i = 0; i < 3; i++)
        {
            using var client = new TcpClient();
            var gateway = new Uri(rig.Gateway.Url);
            await client.ConnectAsync(gateway.Host, gateway.Port, TestContext.Current.CancellationToken);
            var stream = client.GetStream();
            // A chunk size that is not hexadecimal: Kestrel refuses the body once the upstream has begun reading it.
            await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /customers HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n"),
                TestContext.Current.CancellationToken);
            var reader = new StreamReader(stream);
            var statusLine = await reader.ReadLineAsync(TestContext.Current.CancellationToken);
            Assert.StartsWith("HTTP/1.1 400", statusLine, StringComparison.Ordinal);
        }

        Assert.Equal("new", await rig.Gateway.SideOfAsync("/customers/1"));
        var metrics = await rig.Gateway.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(metrics.Split('\n'), l => l.StartsWith("strangler_gateway_errors_total{", StringComparison.Ordinal));
    }
}
