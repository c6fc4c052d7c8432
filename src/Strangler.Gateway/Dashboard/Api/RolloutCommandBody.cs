namespace Strangler.Gateway.Dashboard.Api;

/// <summary>The body of a rollout command from the page: an optional reason for the history.</summary>
internal sealed record RolloutCommandBody(string? Reason);
