using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Routing;

/// <summary>
/// Adds X-Forwarded-* to upstream requests. When <see cref="InterceptFailures"/> is set (a new-side attempt that may
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
        if (httpContext.Connection.RemoteIpAddress is { } remote)
        {
            headers.Remove("X-Forwarded-For");
            var prior = httpContext.Request.Headers["X-Forwarded-For"].ToString();
            headers.TryAddWithoutValidation("X-Forwarded-For", prior.Length == 0 ? remote.ToString() : $"{prior}, {remote}");
        }

        headers.Remove("X-Forwarded-Proto");
        headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
        headers.Remove("X-Forwarded-Host");
        headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
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
