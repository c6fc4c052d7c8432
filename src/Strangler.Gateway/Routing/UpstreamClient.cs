using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The one connection pool shared by every upstream. Configured the way YARP configures its own clients:
/// no proxy, no redirects, no decompression, no cookie container: the gateway forwards, it does not browse.
/// </summary>
internal sealed class UpstreamClient : IDisposable
{
    public UpstreamClient()
    {
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        });
    }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();
}
