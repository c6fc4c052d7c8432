namespace Strangler.Gateway.Dashboard.Inventory;

/// <summary>
/// What the gateway reported about the request being handled: which sub-domain and side served it and with what
/// status. The inventory middleware opens one per request in an <see cref="AsyncLocal{T}"/>; the metrics listener
/// fills it from the gateway's own <c>strangler.gateway.requests</c> measurements, which are recorded on the request's
/// async flow. This keeps the inventory independent of how the gateway routes internally.
/// </summary>
internal sealed class RequestObservation
{
    private static readonly AsyncLocal<RequestObservation?> CurrentSlot = new();

    private readonly List<(string Subdomain, string Side, int Status)> _outcomes = [];

    public static RequestObservation? Current => CurrentSlot.Value;

    /// <summary>Every side that answered, in order (a fallback gives two: new, then legacy).</summary>
    public IReadOnlyList<(string Subdomain, string Side, int Status)> Outcomes
    {
        get
        {
            lock (_outcomes)
            {
                return [.. _outcomes];
            }
        }
    }

    public static RequestObservation Begin()
    {
        var observation = new RequestObservation();
        CurrentSlot.Value = observation;
        return observation;
    }

    public static void End() => CurrentSlot.Value = null;

    public void Add(string subdomain, string side, int status)
    {
        lock (_outcomes)
        {
            // Bounded: a request is answered by at most a couple of sides; ignore anything beyond.
            if (_outcomes.Count < 8)
            {
                _outcomes.Add((subdomain, side, status));
            }
        }
    }
}
