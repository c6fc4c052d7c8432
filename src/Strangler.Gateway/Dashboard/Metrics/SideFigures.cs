namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>Traffic of one side of a sub-domain summed over a window.</summary>
internal sealed record SideFigures(long Requests, long Errors, long Fallbacks, double RequestsPerSecond, double? P99Seconds)
{
    public static readonly SideFigures None = new(0, 0, 0, 0, null);

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
}
