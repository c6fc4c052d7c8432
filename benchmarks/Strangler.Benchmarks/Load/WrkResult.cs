namespace Strangler.Benchmarks.Load;

/// <summary>What one wrk run measured.</summary>
/// <param name="RequestsPerSecond">Throughput over the whole run.</param>
/// <param name="Requests">Requests completed in the run.</param>
/// <param name="P99">99th percentile latency.</param>
/// <param name="Errors">Non-2xx/3xx responses plus socket errors; a run with errors does not count as a result.</param>
internal sealed record WrkResult(double RequestsPerSecond, long Requests, TimeSpan P99, long Errors);
