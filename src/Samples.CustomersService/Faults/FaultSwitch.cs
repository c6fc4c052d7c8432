namespace Samples.CustomersService.Faults;

/// <summary>The share of requests the demo's fault switch makes fail; 0 (healthy) until told otherwise.</summary>
public sealed class FaultSwitch
{
    private int _failPercent;

    /// <summary>Percentage (0..100) of <c>/customers</c> requests answered 503.</summary>
    public int FailPercent
    {
        get => Volatile.Read(ref _failPercent);
        set => Volatile.Write(ref _failPercent, value);
    }

    /// <summary>Whether this request is one of the failing share.</summary>
    public bool ShouldFail() => FailPercent > 0 && Random.Shared.Next(100) < FailPercent;
}
