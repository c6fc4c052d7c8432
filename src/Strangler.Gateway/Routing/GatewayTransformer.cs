using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Routing;

/// <summary>
/// Adds X-Forwarded-* to upstream requests (<see cref="ForwardedHeaders"/>). When <see cref="InterceptFailures"/> is set (a new-side attempt that may
/// still fall back), a 5xx response is not copied to the client: its status is kept in <see cref="SuppressedStatus"/>
/// and the body discarded, so the caller can retry on legacy with a clean response.
/// </summary>
internal sealed class GatewayTransformer : HttpTransformer
{
    public static readonly GatewayTransformer PassThrough = new(interceptFailures: false);

    public GatewayTransformer(bool interceptFailures) => InterceptFailures = interceptFailures;

    public bool InterceptFailures { get; }

    public int? SuppressedStatus { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest,
        string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var headers = proxyRequest.Headers;
        headers.Remove(ForwardedHeaders.For);
        headers.Remove(ForwardedHeaders.Proto);
        headers.Remove(ForwardedHeaders.Host);
        foreach (var (name, value) in ForwardedHeaders.Of(httpContext))
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        if (InterceptFailures && proxyResponse is not null && (int)proxyResponse.StatusCode >= 500)
        {
            SuppressedStatus = (int)proxyResponse.StatusCode;
            return ValueTask.FromResult(false);
        }

        return base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }
}
