namespace Strangler.Gateway.Shadow;

/// <summary>
/// Interns difference signatures (an endpoint and the sorted fields that differed in one request) as small ids, so
/// that time buckets count requests per signature cheaply. Bounded: past <see cref="MaxSignatures"/> distinct ones a
/// request counts under <see cref="Overflow"/>, which is always judged differing (it did differ somewhere).
/// </summary>
internal sealed class SignatureRegistry
{
    /// <summary>Requests with no difference outside ignored paths.</summary>
    public const int None = -1;

    /// <summary>Requests whose signature came after the registry was full.</summary>
    public const int Overflow = -2;

    /// <summary>4,096 per sub-domain: endpoints times the combinations of fields that really occur, with room to spare.</summary>
    public const int MaxSignatures = 4096;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<(string Endpoint, string[] Fields)> _signatures = [];

    public int IdOf(string endpoint, IReadOnlyCollection<string> fields)
    {
        if (fields.Count == 0)
        {
            return None;
        }

        var sorted = fields.Order(StringComparer.Ordinal).ToArray();
        var key = endpoint + "\n" + string.Join('\n', sorted);
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        if (_signatures.Count >= MaxSignatures)
        {
            return Overflow;
        }

        id = _signatures.Count;
        _signatures.Add((endpoint, sorted));
        _ids[key] = id;
        return id;
    }

    public (string Endpoint, string[] Fields) this[int id] => _signatures[id];
}
