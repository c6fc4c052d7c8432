using System.Security.Cryptography;

namespace Strangler.Gateway.Canary;

/// <summary>The default <see cref="ICanaryRandom"/>.</summary>
internal sealed class CanaryRandom : ICanaryRandom
{
    /// <summary>A bucket in 0..9999 (<see cref="Random.Shared"/>, which is thread-safe).</summary>
    public int NextBucket() => Random.Shared.Next(CanaryBucket.Count);

    /// <summary>
    /// 128 random bits as hex. Cryptographic randomness so that ids do not collide across replicas, which a seeded
    /// generator started at the same moment could.
    /// </summary>
    public string NewClientId() => RandomNumberGenerator.GetHexString(32, lowercase: true);
}
