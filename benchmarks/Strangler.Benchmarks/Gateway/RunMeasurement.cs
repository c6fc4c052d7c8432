using Strangler.Benchmarks.Load;

namespace Strangler.Benchmarks.Gateway;

/// <summary>
/// One measured wrk run of one target, with the CPU time the target's server process (group) spent meanwhile. Each
/// server runs in its own process and wrk in another, so a proxy's CPU per request is its own, without the upstream's;
/// it is a steadier figure than throughput on a small shared machine, as it does not depend on how the scheduler split
/// the cores.
/// </summary>
internal sealed record RunMeasurement(WrkResult Wrk, TimeSpan ServerCpu)
{
    /// <summary>Microseconds of the server's CPU time per request served.</summary>
    public double CpuMicrosecondsPerRequest => Wrk.Requests <= 0 ? double.NaN : ServerCpu.TotalMicroseconds / Wrk.Requests;
}
