namespace Strangler.Gateway.Fleet;

/// <summary>The lease of a gateway that runs alone: it holds every lease.</summary>
internal sealed class SingleGatewayLease : IFleetLease
{
    public bool IsHeld(string name) => true;
}
