using Strangler.Benchmarks.Load;

namespace Strangler.Benchmarks.Gateway;

/// <summary>
/// One measured wrk run of one target, with the CPU time this process spent and the bytes it allocated meanwhile. The process hosts the upstream
/// and the proxy under test (wrk is a separate process), so CPU per request is a steadier figure than throughput on a
/// small shared machine: it does not depend on how the scheduler split the cores between wrk and the server.
/// </summary>
internal sealed record RunMeasurement(WrkResult Wrk, TimeSpan ProcessCpu, long AllocatedBytes)
{
    /// <summary>Bytes this process allocated per request served: upstream and proxy, as for CPU.</summary>
    public double AllocatedBytesPerRequest => Wrk.Requests <= 0 ? double.NaN : (double)AllocatedBytes / Wrk.Requests;

    /// <summary>Microseconds of this process's CPU time per request served.</summary>
    public double CpuMicrosecondsPerRequest => Wrk.Requests <= 0 ? double.NaN : ProcessCpu.TotalMicroseconds / Wrk.Requests;
}
