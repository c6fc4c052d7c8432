namespace Strangler.Gateway.Fleet;

/// <summary>
/// Whether this gateway replica may run a job that must act once for the whole fleet (the rollout controller,
/// bookkeeping). A single gateway always may; a fleet grants it to one replica at a time under a lease in the store.
/// </summary>
public interface IFleetLease
{
    /// <summary>True while this replica holds the lease named <paramref name="name"/>; check before every act.</summary>
    bool IsHeld(string name);
}
