namespace Strangler.Gateway.Dashboard.Detail;

/// <summary>Shadow requests compared and differing per step; the diff rate is null in a step with none compared.</summary>
internal sealed record ShadowSeriesDto(long[] Compared, long[] Differing, double?[] DiffRate);
