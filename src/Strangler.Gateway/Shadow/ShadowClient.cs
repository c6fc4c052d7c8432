using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Sends shadow requests on a connection pool of their own: a slow new side can fill it without touching the pool
/// that carries real (canary) traffic to the same service.
/// </summary>
internal sealed class ShadowClient(TimeProvider time) : IDisposable
{
    /// <summary>Request headers never replayed: hop-by-hop, or describing a body the replay frames itself.</summary>
    private static readonly HashSet<string> NotReplayed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
        "Content-Length", "Expect",
    };

    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ActivityHeadersPropagator = null,
    });

    public static bool IsReplayed(string header) => !NotReplayed.Contains(header);

    /// <summary>Sends <paramref name="request"/> to <paramref name="prefix"/> and reads the answer, the body up to <paramref name="maxBodyBytes"/>.</summary>
    public async Task<ShadowAnswer> SendAsync(ShadowRequest request, string prefix, long maxBodyBytes, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), prefix + request.PathAndQuery);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values);
            }
        }

        message.Headers.TryAddWithoutValidation(Configuration.ShadowHeaders.Marker, "1");
        var started = time.GetTimestamp();
        using var response = await _invoker.SendAsync(message, cancellationToken);
        var body = new CappedBuffer(maxBodyBytes);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            // A new side that answers an event stream where legacy did not (legacy's own are never replayed): its
            // body need not end, and reading it waited out the timeout. Status and headers are compared; disposing
            // the unread response aborts the stream.
            if (ShadowTraffic.IsEventStream(response.Content.Headers.ContentType?.MediaType))
            {
                return Answer(response, body, started);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                body.Append(chunk.AsSpan(0, read));
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return Answer(response, body, started);
    }

    public void Dispose() => _invoker.Dispose();

    private ShadowAnswer Answer(HttpResponseMessage response, CappedBuffer body, long started)
    {
        var headers = new List<KeyValuePair<string, string>>();
        Add(headers, response.Headers);
        Add(headers, response.Content.Headers);
        return new ShadowAnswer((int)response.StatusCode, headers, body, time.GetElapsedTime(started));
    }

    private static void Add(List<KeyValuePair<string, string>> headers, HttpHeaders from)
    {
        foreach (var (name, values) in from.NonValidated)
        {
            headers.Add(KeyValuePair.Create(name, values.ToString()));
        }
    }
}
