namespace Strangler.Gateway.Rollout.Gates;

/// <summary>One gate's answer in one evaluation, with the figures it judged in words a person reads.</summary>
/// <param name="Gate">The gate: <c>errors</c>, <c>p99</c>, <c>diff</c>, <c>sync</c> or <c>http</c>.</param>
/// <param name="Outcome">Pass, fail or inconclusive.</param>
/// <param name="Value">What was seen, e.g. <c>errors 0.1% vs 0.2%</c> (new vs legacy).</param>
/// <param name="Limit">What it was held against, e.g. <c>new &lt;= legacy + 1.0%</c>.</param>
/// <param name="Detail">Why it was inconclusive or failed, when that is not plain from the value.</param>
internal sealed record GateResult(string Gate, GateOutcome Outcome, string Value, string Limit, string? Detail = null);
