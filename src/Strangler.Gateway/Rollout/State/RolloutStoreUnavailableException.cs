namespace Strangler.Gateway.Rollout.State;

/// <summary>The fleet's store did not answer a rollout state read or write: nothing is acted on until it does.</summary>
internal sealed class RolloutStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
