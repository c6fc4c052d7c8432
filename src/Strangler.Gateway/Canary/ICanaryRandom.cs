namespace Strangler.Gateway.Canary;

/// <summary>
/// The randomness behind canary decisions: the client ids the gateway hands to clients without a user key, and the
/// per-request bucket when that cookie is turned off. The gateway registers an internal default only when none is
/// registered; register your own (a seeded one in tests) to make splits reproducible.
/// </summary>
public interface ICanaryRandom
{
    /// <summary>A bucket in 0..9999, spread uniformly; must be safe to call from many threads at once.</summary>
    int NextBucket();

    /// <summary>A new client id for the gateway's client cookie, unique across replicas and restarts.</summary>
    string NewClientId();
}
