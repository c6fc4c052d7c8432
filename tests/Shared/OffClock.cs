namespace Strangler.Tests.Shared;

/// <summary>
/// A running clock set off from the machine's by a fixed amount, as a misconfigured or drifting host's is: for a
/// process (a CLI, a fleet replica) whose clock disagrees with the store's or with another replica's.
/// </summary>
internal sealed class OffClock(TimeSpan off) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + off;
}
