namespace Strangler.Gateway.Shadow;

/// <summary>One side's answer to a shadowed request: status, headers, and the body as far as it was kept.</summary>
internal sealed class ShadowAnswer(int status, IReadOnlyList<KeyValuePair<string, string>> headers, CappedBuffer body, TimeSpan elapsed)
    : IDisposable
{
    public int Status { get; } = status;

    /// <summary>Response and content headers, names as sent; several values of one header joined with ", ".</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;

    public CappedBuffer Body { get; } = body;

    public TimeSpan Elapsed { get; } = elapsed;

    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    public void Dispose() => Body.Dispose();
}
