using Strangler.Gateway.Dashboard.Metrics;

namespace Strangler.Gateway.Shadow;

/// <summary>One endpoint's counts, latencies and fields; guarded by the sub-domain's lock.</summary>
internal sealed class EndpointResults
{
    /// <summary>Fields beyond the cap are counted here, under this path.</summary>
    public const string OtherField = "(other)";

    public long Compared { get; set; }

    public long NoiseCompared { get; set; }

    public long NoiseDiffering { get; set; }

    public long Dropped { get; set; }

    public long TimedOut { get; set; }

    public long Failed { get; set; }

    public long TooLarge { get; set; }

    /// <summary>Requests not shadowed by their nature (<see cref="ShadowSkips"/>), by reason.</summary>
    public Dictionary<string, long> Skipped { get; } = new(StringComparer.Ordinal);

    public long[] LegacyLatency { get; } = new long[LatencyBuckets.Count];

    public long[] NewLatency { get; } = new long[LatencyBuckets.Count];

    public Dictionary<string, FieldResults> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Compared requests per difference signature (<see cref="SignatureRegistry"/>), to judge "differing" when read.</summary>
    public Dictionary<int, long> Signatures { get; } = [];

    public FieldResults Field(string path, int maxFields)
    {
        if (!Fields.TryGetValue(path, out var field))
        {
            path = Fields.Count >= maxFields ? OtherField : path;
            if (!Fields.TryGetValue(path, out field))
            {
                field = new FieldResults();
                Fields[path] = field;
            }
        }

        return field;
    }

    public double DiffRate(FieldResults field) => Compared == 0 ? 0 : (double)field.Count / Compared;

    public double NoiseRate(FieldResults field) => NoiseCompared == 0 ? 0 : (double)field.NoiseCount / NoiseCompared;
}
