using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Shadow;

/// <summary>The differences between two answers, and whether a body was too large to compare field by field.</summary>
internal sealed record AnswerComparison(IReadOnlyList<Difference> Differences, bool TooLarge);
