namespace Strangler.Gateway.Canary;

/// <summary>
/// The randomness for canary decisions on requests without a user key; registered in DI so tests can replace it.
/// The default uses <see cref="Random.Shared"/>, which is thread-safe.
/// </summary>
public class CanaryRandom
{
    /// <summary>A bucket in 0..9999.</summary>
    public virtual int NextBucket() => Random.Shared.Next(CanaryBucket.Count);
}
