namespace Strangler.Gateway.Shadow;

/// <summary>One queued shadow: the request to replay and legacy's answer to compare the new side's with.</summary>
internal sealed class ShadowWork(ShadowPlan plan, string endpoint, string legacyPrefix, string newPrefix, ShadowRequest request,
    ShadowAnswer legacy, bool noise, long reservedBytes) : IDisposable
{
    public ShadowPlan Plan { get; } = plan;

    /// <summary>Method and folded path, <c>GET /customers/{id}</c>.</summary>
    public string Endpoint { get; } = endpoint;

    public string LegacyPrefix { get; } = legacyPrefix;

    public string NewPrefix { get; } = newPrefix;

    public ShadowRequest Request { get; } = request;

    public ShadowAnswer Legacy { get; } = legacy;

    /// <summary>Also send the request to legacy a second time, to measure noise.</summary>
    public bool Noise { get; } = noise;

    /// <summary>Bytes counted against <see cref="ShadowOptions.MaxBufferedBytes"/> until this work is done.</summary>
    public long ReservedBytes { get; } = reservedBytes;

    public void Dispose() => Legacy.Dispose();
}
