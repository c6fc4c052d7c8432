namespace Strangler.Gateway.Routing;

/// <summary>Holds the current route table; swaps are a single reference write, so readers never see half a table.</summary>
internal sealed class RouteTableStore
{
    private RouteTable? _current;
    private RouteLoadFailure? _lastFailure;

    /// <summary>The serving table; null until the first valid load.</summary>
    public RouteTable? Current => Volatile.Read(ref _current);

    /// <summary>The most recent rejected load, cleared by the next successful one.</summary>
    public RouteLoadFailure? LastFailure => Volatile.Read(ref _lastFailure);

    public void Publish(RouteTable table)
    {
        Volatile.Write(ref _current, table);
        Volatile.Write(ref _lastFailure, null);
    }

    public void Reject(RouteLoadFailure failure) => Volatile.Write(ref _lastFailure, failure);
}
