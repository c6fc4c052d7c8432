using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Shadow;

/// <summary>One field's counts and samples within an endpoint; guarded by the sub-domain's lock.</summary>
internal sealed class FieldResults
{
    public long Count { get; set; }

    public long NoiseCount { get; set; }

    public Dictionary<DiffKind, long> Kinds { get; } = [];

    public List<ShadowSample> Samples { get; } = [];
}
