namespace Strangler.Gateway.Shadow;

/// <summary>
/// Gateway-wide bounds on shadow traffic (<c>Strangler:Gateway:Shadow</c>); per-route settings are the route file's
/// <c>shadow</c> block. Everything the feature keeps in memory is bounded by these.
/// </summary>
public sealed record ShadowOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Strangler:Gateway:Shadow";

    /// <summary>
    /// Bytes of bodies (request bodies to replay, legacy answers to compare) held by queued and running shadows across
    /// all sub-domains; a shadow that would go beyond is dropped and counted. 64 MiB by default.
    /// </summary>
    public long MaxBufferedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Endpoints (method and template) kept per sub-domain; later ones are counted under <c>(other)</c>.</summary>
    public int MaxEndpoints { get; init; } = 200;

    /// <summary>Fields kept per endpoint; later ones are counted under <c>(other)</c>.</summary>
    public int MaxFieldsPerEndpoint { get; init; } = 100;

    /// <summary>Sample pairs kept per field (the first ones seen since the last reset).</summary>
    public int SamplesPerField { get; init; } = 3;

    /// <summary>Sample pairs kept per sub-domain in all; with <see cref="MaxSampleChars"/> this bounds their memory.</summary>
    public int MaxSamplesPerSubdomain { get; init; } = 300;

    /// <summary>Characters of each body kept in a sample pair.</summary>
    public int MaxSampleChars { get; init; } = 2048;

    /// <summary>
    /// A field is reported only when its diff rate exceeds its noise rate by more than this fraction of the noise
    /// rate (0.2: 20 %), as Diffy's relative threshold.
    /// </summary>
    public double RelativeThreshold { get; init; } = 0.2;

    /// <summary>
    /// ... and by more than this absolute rate (0.0003: 0.03 percentage points), as Diffy's absolute threshold.
    /// </summary>
    public double AbsoluteThreshold { get; init; } = 0.0003;

    /// <summary>
    /// New shadows are dropped (reason <c>busy</c>) while the gateway's work waits longer than this for a thread
    /// (the thread pool's queueing delay, probed every 10 ms and smoothed): the CPU a shadow needs would come out of
    /// the clients' latency. 1 ms by default; <c>00:00:00</c> never sheds.
    /// </summary>
    public TimeSpan BusyThreshold { get; init; } = TimeSpan.FromMilliseconds(1);
}
