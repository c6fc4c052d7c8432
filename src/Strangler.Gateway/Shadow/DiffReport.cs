namespace Strangler.Gateway.Shadow;

/// <summary>
/// The shadow comparison of one sub-domain since its last reset, as <c>GET /_strangler/api/diffs?subdomain=</c>
/// serves it. <c>Differing</c> counts compared requests with at least one reported field (see <see cref="ShadowResults"/>).
/// <c>Since</c> is when the window started (the first shadowed request since the gateway started, or the last reset);
/// null while none has. <c>Skipped</c> counts, by reason (<see cref="ShadowSkips"/>), requests that are not shadowed
/// by their nature (an upgraded connection, an event stream): neither compared nor a failure of the new side.
/// </summary>
internal sealed record DiffReport(
    string Subdomain,
    bool Active,
    DateTimeOffset? Since,
    long Compared,
    long Differing,
    double? DiffRate,
    long Dropped,
    IReadOnlyDictionary<string, long> Skipped,
    long TimedOut,
    long Failed,
    long TooLarge,
    double RelativeThreshold,
    double AbsoluteThreshold,
    IReadOnlyList<EndpointDiffReport> Endpoints);

/// <summary>One endpoint of a <see cref="DiffReport"/>; <c>NoiseRate</c> is the share of legacy-vs-legacy comparisons that differed.</summary>
internal sealed record EndpointDiffReport(
    string Endpoint,
    long Compared,
    long Differing,
    double? DiffRate,
    long NoiseCompared,
    double? NoiseRate,
    long Dropped,
    IReadOnlyDictionary<string, long> Skipped,
    long TimedOut,
    long Failed,
    long TooLarge,
    LatencyReport Legacy,
    LatencyReport New,
    IReadOnlyList<FieldDiffReport> Fields,
    IReadOnlyList<FieldDiffReport> NoiseFields);

/// <summary>p50 and p99 of one side's answers, in milliseconds (bucket upper bounds, so they err on the slow side).</summary>
internal sealed record LatencyReport(double? P50Ms, double? P99Ms);

/// <summary>One field of an endpoint: how often it differed against legacy, and against legacy itself (noise).</summary>
internal sealed record FieldDiffReport(
    string Path,
    string Kind,
    IReadOnlyDictionary<string, long> Kinds,
    long Count,
    double DiffRate,
    long NoiseCount,
    double NoiseRate,
    IReadOnlyList<ShadowSample> Samples);
