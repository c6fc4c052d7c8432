namespace Strangler.Gateway.Diffing;

/// <summary>What a JSON comparison skips and which arrays it treats as sets.</summary>
internal sealed record ComparisonRules
{
    public static readonly ComparisonRules None = new();

    /// <summary>Paths never compared, with everything under them.</summary>
    public IReadOnlyList<PointerPattern> Ignore { get; init; } = [];

    /// <summary>Arrays compared as multisets.</summary>
    public IReadOnlyList<PointerPattern> ArraysAsSets { get; init; } = [];

    /// <summary>
    /// Most differences reported per comparison: 100. A new side that answers something entirely different would
    /// otherwise produce one difference per leaf; past the first hundred they tell nobody anything new.
    /// </summary>
    public int MaxDifferences { get; init; } = 100;
}
