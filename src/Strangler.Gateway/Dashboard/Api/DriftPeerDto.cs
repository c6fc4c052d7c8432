namespace Strangler.Gateway.Dashboard.Api;

/// <summary>
/// Another worker of a projection's group that was catching up as of its current check (its <c>catchingUp</c>): while it
/// is, this worker's drift figure counts the peer's changes on their way and the rollout's drift gate holds on it.
/// </summary>
internal sealed record DriftPeerDto(string Worker, string CatchingUp);
