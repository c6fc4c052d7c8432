using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Everything compared for one sub-domain since its last reset: per endpoint and field, and over time. One lock
/// guards it: writers are the shadow workers (at most the route's <c>maxConcurrency</c>), readers the API and gates.
/// </summary>
internal sealed class SubdomainResults(ShadowOptions options, DateTimeOffset since)
{
    /// <summary>Endpoints beyond the cap are counted under this name.</summary>
    public const string OtherEndpoint = "(other)";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, EndpointResults> _endpoints = new(StringComparer.Ordinal);
    private readonly SignatureRegistry _signatures = new();
    private readonly DiffHistory _history = new();
    private int _samples;

    public DateTimeOffset Since { get; } = since;

    /// <summary>The name results for <paramref name="endpoint"/> are kept under: itself, or <see cref="OtherEndpoint"/> past the cap.</summary>
    public string Admit(string endpoint)
    {
        lock (_lock)
        {
            return Endpoint(endpoint).Name;
        }
    }

    public void RecordDropped(string endpoint) => Update(endpoint, e => e.Dropped++);

    public void RecordSkipped(string endpoint, string reason) => Update(endpoint, e => e.Skipped[reason] = e.Skipped.GetValueOrDefault(reason) + 1);

    public void RecordTimedOut(string endpoint) => Update(endpoint, e => e.TimedOut++);

    public void RecordFailed(string endpoint) => Update(endpoint, e => e.Failed++);

    /// <summary>
    /// Records one comparison; true when the request differs by the current noise judgement. <paramref name="sample"/>
    /// is called only when a differing field may still take a sample, and outside the lock: redacting a large body
    /// takes about 100 ms a megabyte, and every other comparison of the sub-domain, the API and the gates waited on it.
    /// </summary>
    public bool RecordCompared(string endpoint, DateTimeOffset at, TimeSpan legacyElapsed, TimeSpan newElapsed,
        AnswerComparison comparison, AnswerComparison? noise, Func<string, bool> isIgnored, Func<ShadowSample> sample)
    {
        // Another comparison may fill the field meanwhile: then this sample is dropped, as one past the cap always was.
        var built = MaySample(endpoint, comparison, isIgnored) ? sample() : null;
        lock (_lock)
        {
            var (name, results) = Endpoint(endpoint);
            results.Compared++;
            results.TooLarge += comparison.TooLarge ? 1 : 0;
            results.LegacyLatency[LatencyBuckets.IndexOf(legacyElapsed.TotalSeconds)]++;
            results.NewLatency[LatencyBuckets.IndexOf(newElapsed.TotalSeconds)]++;
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in comparison.Differences.Where(d => !isIgnored(d.Field)).GroupBy(d => d.Field))
            {
                var key = FieldKey(results, group.Key);
                keys.Add(key);
                var field = results.Field(key, options.MaxFieldsPerEndpoint);
                field.Count++;
                foreach (var kind in group.Select(d => d.Kind).Distinct())
                {
                    field.Kinds[kind] = field.Kinds.GetValueOrDefault(kind) + 1;
                }

                if (built is not null && field.Samples.Count < options.SamplesPerField && _samples < options.MaxSamplesPerSubdomain)
                {
                    field.Samples.Add(built);
                    _samples++;
                }
            }

            if (noise is not null)
            {
                results.NoiseCompared++;
                var noisy = noise.Differences.Where(d => !isIgnored(d.Field)).Select(d => FieldKey(results, d.Field)).ToHashSet(StringComparer.Ordinal);
                results.NoiseDiffering += noisy.Count > 0 ? 1 : 0;
                foreach (var key in noisy)
                {
                    results.Field(key, options.MaxFieldsPerEndpoint).NoiseCount++;
                }
            }

            var signature = _signatures.IdOf(name, keys);
            results.Signatures[signature] = results.Signatures.GetValueOrDefault(signature) + 1;
            _history.Add(at, signature);
            return Differs(signature, isIgnored);
        }
    }

    /// <summary>Counts comparisons another process judged (<see cref="DiffHistory.AddJudged"/>): in the history only, not per endpoint.</summary>
    public void AddJudged(DateTimeOffset at, long compared, long differing)
    {
        lock (_lock)
        {
            _history.AddJudged(at, compared, differing);
        }
    }

    public (long Compared, long Differing) Count(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, Func<string, bool> isIgnored)
    {
        lock (_lock)
        {
            return _history.Count(from, to, now, signature => Differs(signature, isIgnored));
        }
    }

    /// <summary>The report of a sub-domain whose window has not started: nothing shadowed since the gateway started.</summary>
    public static DiffReport NotStarted(string subdomain, bool active, ShadowOptions options) =>
        new(subdomain, active, null, 0, 0, null, 0, new Dictionary<string, long>(), 0, 0, 0, options.RelativeThreshold, options.AbsoluteThreshold, []);

    public DiffReport Report(string subdomain, bool active, Func<string, bool> isIgnored)
    {
        lock (_lock)
        {
            var endpoints = _endpoints.Select(pair => EndpointReport(pair.Key, pair.Value, isIgnored))
                .OrderByDescending(e => e.DiffRate ?? 0).ThenByDescending(e => e.Compared).ThenBy(e => e.Endpoint, StringComparer.Ordinal)
                .ToList();
            var compared = endpoints.Sum(e => e.Compared);
            var differing = endpoints.Sum(e => e.Differing);
            return new DiffReport(subdomain, active, Since, compared, differing, compared == 0 ? null : (double)differing / compared,
                endpoints.Sum(e => e.Dropped), SumByReason(endpoints.Select(e => e.Skipped)),
                endpoints.Sum(e => e.TimedOut), endpoints.Sum(e => e.Failed), endpoints.Sum(e => e.TooLarge),
                options.RelativeThreshold, options.AbsoluteThreshold, endpoints);
        }
    }

    private EndpointDiffReport EndpointReport(string name, EndpointResults results, Func<string, bool> isIgnored)
    {
        var differing = results.Signatures.Where(s => Differs(s.Key, isIgnored)).Sum(s => s.Value);
        var fields = results.Fields
            .Where(f => !isIgnored(f.Key) && f.Value.Count > 0)
            .Select(f => FieldReport(f.Key, f.Value, results))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return new EndpointDiffReport(name, results.Compared, differing, results.Compared == 0 ? null : (double)differing / results.Compared,
            results.NoiseCompared, results.NoiseCompared == 0 ? null : (double)results.NoiseDiffering / results.NoiseCompared,
            results.Dropped, new Dictionary<string, long>(results.Skipped, StringComparer.Ordinal), results.TimedOut, results.Failed, results.TooLarge,
            Latency(results.LegacyLatency), Latency(results.NewLatency),
            fields.Where(f => IsReported(results, f.Path, isIgnored)).ToList(),
            fields.Where(f => !IsReported(results, f.Path, isIgnored)).ToList());
    }

    private static FieldDiffReport FieldReport(string path, FieldResults field, EndpointResults endpoint) => new(
        path,
        Name(field.Kinds.OrderByDescending(k => k.Value).Select(k => k.Key).FirstOrDefault()),
        field.Kinds.ToDictionary(k => Name(k.Key), k => k.Value),
        field.Count, endpoint.DiffRate(field), field.NoiseCount, endpoint.NoiseRate(field), field.Samples.ToArray());

    private static Dictionary<string, long> SumByReason(IEnumerable<IReadOnlyDictionary<string, long>> skipped) =>
        skipped.SelectMany(s => s).GroupBy(s => s.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);

    private static string Name(DiffKind kind) => kind.ToString().ToLowerInvariant();

    private static LatencyReport Latency(long[] buckets)
    {
        var p50 = LatencyBuckets.Quantile(buckets, 0.5);
        var p99 = LatencyBuckets.Quantile(buckets, 0.99);
        return new LatencyReport(LatencyBuckets.Milliseconds(p50), LatencyBuckets.Milliseconds(p99));
    }

    private bool Differs(int signature, Func<string, bool> isIgnored)
    {
        if (signature == SignatureRegistry.Overflow)
        {
            return true;
        }

        if (signature < 0)
        {
            return false;
        }

        var (endpoint, fields) = _signatures[signature];
        return _endpoints.TryGetValue(endpoint, out var results) && fields.Any(f => IsReported(results, f, isIgnored));
    }

    private bool IsReported(EndpointResults results, string field, Func<string, bool> isIgnored) =>
        !isIgnored(field) && results.Fields.TryGetValue(field, out var counts)
        && NoiseJudge.IsReported(results.DiffRate(counts), results.NoiseRate(counts), options.RelativeThreshold, options.AbsoluteThreshold);

    /// <summary>Whether a differing field of <paramref name="comparison"/> has room for a sample; reads, never adds.</summary>
    private bool MaySample(string endpoint, AnswerComparison comparison, Func<string, bool> isIgnored)
    {
        if (comparison.Differences.Count == 0)
        {
            return false;
        }

        lock (_lock)
        {
            if (_samples >= options.MaxSamplesPerSubdomain)
            {
                return false;
            }

            var results = _endpoints.GetValueOrDefault(endpoint)
                ?? (_endpoints.Count >= options.MaxEndpoints ? _endpoints.GetValueOrDefault(OtherEndpoint) : null);
            if (results is null)
            {
                return comparison.Differences.Any(d => !isIgnored(d.Field));
            }

            return comparison.Differences.Where(d => !isIgnored(d.Field)).Any(d =>
                !results.Fields.TryGetValue(FieldKey(results, d.Field), out var field) || field.Samples.Count < options.SamplesPerField);
        }
    }

    private string FieldKey(EndpointResults results, string field) =>
        results.Fields.ContainsKey(field) || results.Fields.Count < options.MaxFieldsPerEndpoint ? field : EndpointResults.OtherField;

    private void Update(string endpoint, Action<EndpointResults> update)
    {
        lock (_lock)
        {
            update(Endpoint(endpoint).Results);
        }
    }

    private (string Name, EndpointResults Results) Endpoint(string endpoint)
    {
        if (_endpoints.TryGetValue(endpoint, out var results))
        {
            return (endpoint, results);
        }

        var name = _endpoints.Count >= options.MaxEndpoints ? OtherEndpoint : endpoint;
        if (!_endpoints.TryGetValue(name, out results))
        {
            results = new EndpointResults();
            _endpoints[name] = results;
        }

        return (name, results);
    }
}
