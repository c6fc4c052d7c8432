namespace Strangler.Gateway.Rollout.Gates;

/// <summary>One kind of evidence a rollout step is judged on.</summary>
internal interface IRolloutGate
{
    /// <summary>The gate's name in results, reasons and metrics (<c>errors</c>, <c>p99</c>, <c>drift</c>, ...).</summary>
    string Name { get; }

    /// <summary>Whether the plan turns this gate on.</summary>
    bool AppliesTo(Plan.RolloutGates gates);

    Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken);
}
