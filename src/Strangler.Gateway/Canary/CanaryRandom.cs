using System.Security.Cryptography;

namespace Strangler.Gateway.Canary;

/// <summary>
/// The randomness behind canary decisions: the client ids the gateway hands to clients without a user key, and the
/// per-request bucket when that cookie is turned off. Registered in DI so tests can replace it.
/// </summary>
public class CanaryRandom
{
    /// <summary>A bucket in 0..9999 (<see cref="Random.Shared"/>, which is thread-safe).</summary>
    public virtual int NextBucket() => Random.Shared.Next(CanaryBucket.Count);

    /// <summary>
    /// A new client id for the gateway's client cookie: 128 random bits as hex. Cryptographic randomness so that ids
    /// do not collide across replicas, which a seeded generator started at the same moment could.
    /// </summary>
    public virtual string NewClientId() => RandomNumberGenerator.GetHexString(32, lowercase: true);
}
