namespace Strangler.Gateway.Dashboard.Detail;

/// <summary>One side's figures per step; error rate and p99 are null in a step without requests.</summary>
internal sealed record DetailSideDto(long[] Requests, long[] Errors, double?[] ErrorRate, double?[] P99Ms);
