namespace Strangler.Gateway.Routing;

/// <summary>
/// Which sides answered one proxied request, in order: one entry normally, two when a failed new-side attempt fell
/// back to legacy. Whoever wants to know (the dashboard's endpoint inventory) puts one in the request's features
/// before the proxy runs, and the proxy fills it. A request feature rather than an <see cref="AsyncLocal{T}"/> or a
/// metrics listener: it is one small object per observed request, on the proxy's hot path.
/// </summary>
internal sealed class ForwardingOutcomes
{
    /// <summary>The proxy makes at most two attempts per request: the chosen side, then legacy on fallback.</summary>
    public const int Capacity = 2;

    private (string Subdomain, Side Side, int Status) _first;
    private (string Subdomain, Side Side, int Status) _second;

    public int Count { get; private set; }

    public (string Subdomain, Side Side, int Status) this[int index] => index switch
    {
        0 when Count > 0 => _first,
        1 when Count > 1 => _second,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, $"Only {Count} outcome(s) were recorded."),
    };

    public void Add(string subdomain, Side side, int status)
    {
        switch (Count)
        {
            case 0: _first = (subdomain, side, status); break;
            case 1: _second = (subdomain, side, status); break;
            default: return; // more attempts than the proxy makes: keep the first two
        }

        Count++;
    }
}
