using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Strangler.Gateway.Tests.Shadow;

/// <summary>Requests that are more than one exchange, or less: a WebSocket, an upload the client abandons.</summary>
public sealed class ShadowConnectionTests
{
    [Fact]
    public async Task A_websocket_on_a_shadowed_route_is_not_shadowed()
    {
        // Bug, found running the gateway as ops do: the new side got a plain GET for every WebSocket connection
        // legacy accepted, and its answer compared with legacy's 101 counted one difference per connection in the
        // report, the diff-rate gauge and the rollout gates.
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["noisePercentage"] = 0 });
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Legacy.Handler = async context =>
        {
            if (context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } upgrade)
            {
                await context.Response.WriteAsync($"legacy {context.Request.Method} {context.Request.Path}");
                return;
            }

            await EchoOnceAsync(context, upgrade);
            closed.SetResult();
        };

        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri(rig.Gateway.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/customers/chat"),
                TestContext.Current.CancellationToken);
            await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
            var buffer = new byte[64];
            var echo = await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
            Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, echo.Count));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", TestContext.Current.CancellationToken);
        }

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        // A plain request after it, shadowed as ever: once it is compared, the connection's shadow would have been too.
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal("legacy GET /customers/1", (await rig.Gateway.GetAsync("/customers/1", "u")).Body);
        await rig.SettledAsync(1);
        await Task.Delay(300, TestContext.Current.CancellationToken);

        var report = await rig.ReportAsync();
        Assert.Equal(1L, ShadowRig.Long(report, "compared"));
        // Not silently: counted skipped, by name, where the report's other counters are.
        Assert.Equal(1L, report["skipped"]?["upgrade"]?.GetValue<long>());
        Assert.Equal(["/customers/1"], rig.New.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_client_leaving_mid_upload_on_a_shadowed_route_is_recorded_as_499_like_on_any_other_route()
    {
        // Bug, found running the gateway as ops do: an upload the client abandoned while the gateway read it for the
        // shadow ended in an exception: the access log said 500 from the gateway, the metrics had nothing.
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["methods"] = new JsonArray("POST"), ["noisePercentage"] = 0 });
        rig.Legacy.Handler = async c => await c.Response.WriteAsync("len " + (await new StreamReader(c.Request.Body).ReadToEndAsync()).Length);

        using (var client = new TcpClient())
        {
            var gateway = new Uri(rig.Gateway.Url);
            await client.ConnectAsync(gateway.Host, gateway.Port, TestContext.Current.CancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /customers HTTP/1.1\r\nHost: shop\r\nContent-Length: 100000\r\n\r\n"),
                TestContext.Current.CancellationToken);
            await stream.WriteAsync(new byte[1000], TestContext.Current.CancellationToken);
            await stream.FlushAsync(TestContext.Current.CancellationToken);
            await Task.Delay(200, TestContext.Current.CancellationToken);
            client.Client.Shutdown(SocketShutdown.Both);
        }

        List<string> legacy = [];
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var metrics = await rig.Gateway.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            legacy = metrics.Split('\n').Where(l => l.StartsWith("strangler_gateway_requests_total{", StringComparison.Ordinal)
                && l.Contains("side=\"legacy\"", StringComparison.Ordinal)).ToList();
            return legacy.Count > 0;
        }, seconds: 10), "no request of the abandoned upload in the metrics");
        // Usually 499 when the gateway saw the connection go first, 400 (YARP's answer to a body cut short) when it saw
        // the body end; under load the order of the two varies more (one fresh-clone CI run recorded neither), so what is
        // held is the bug itself: the request is in the metrics, and not as a 500 of the gateway's own.
        Assert.DoesNotContain(legacy, l => l.Contains("status=\"500\"", StringComparison.Ordinal));
        Assert.True(legacy.Count > 0, string.Join("\n", legacy));
        Assert.Empty(rig.New.Requests);
    }

    private static async Task EchoOnceAsync(HttpContext context, IHttpUpgradeFeature upgrade)
    {
        var key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.Connection = "Upgrade";
#pragma warning disable CA5350 // The WebSocket handshake (RFC 6455) prescribes SHA-1; it protects nothing here.
        context.Response.Headers["Sec-WebSocket-Accept"] =
            Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        await using var stream = await upgrade.UpgradeAsync();
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });
        var buffer = new byte[64];
        var message = await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.SendAsync(buffer.AsMemory(0, message.Count), WebSocketMessageType.Text, true, CancellationToken.None);
        await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }
}
