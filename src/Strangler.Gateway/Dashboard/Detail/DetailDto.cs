namespace Strangler.Gateway.Dashboard.Detail;

/// <summary>
/// One sub-domain's charts over a span: per step, traffic, errors and p99 of both sides and the shadow diff rate. Every
/// array has one entry per step; entry <c>i</c> covers [<see cref="Start"/> + i·step, + step), the last one up to now.
/// Shadow is null when no shadow comparison is registered (shadow off).
/// </summary>
internal sealed record DetailDto(
    string Subdomain,
    string? Mode,
    int CanaryPercentage,
    DateTimeOffset GeneratedAt,
    DateTimeOffset Start,
    int StepSeconds,
    DetailSideDto Legacy,
    DetailSideDto New,
    ShadowSeriesDto? Shadow);
