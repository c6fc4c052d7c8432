using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Rollout;

/// <summary>Source-generated log messages of the rollout controller.</summary>
internal static partial class RolloutLog
{
    [LoggerMessage(300, LogLevel.Error, "Rollout state {Path} cannot be read and is not acted on (start the rollout again to replace it): {Reason}")]
    public static partial void StateUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(301, LogLevel.Information, "Rollout of {Subdomain}: {Event}: {Message}")]
    public static partial void Event(ILogger logger, string subdomain, string @event, string message);

    [LoggerMessage(302, LogLevel.Warning, "Rollout of {Subdomain} has a shadow diff gate but its route shadows nothing (no shadow block, or new mode): the gate stays inconclusive and the rollout cannot promote")]
    public static partial void ShadowOff(ILogger logger, string subdomain);

    [LoggerMessage(303, LogLevel.Warning, "Rollout webhook {Webhook} failed for {Event} of {Subdomain}: {Reason}")]
    public static partial void WebhookFailed(ILogger logger, string webhook, string @event, string subdomain, string reason);

    [LoggerMessage(304, LogLevel.Error, "Rollout of {Subdomain} could not flip its route: {Errors}")]
    public static partial void FlipRefused(ILogger logger, string subdomain, string errors);

    [LoggerMessage(305, LogLevel.Error, "Rollout tick failed; the next tick tries again")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(306, LogLevel.Error, "Rollout state is unavailable, so no rollout is evaluated or commanded until the store answers: {Reason}")]
    public static partial void StoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(307, LogLevel.Information, "Rollout state: the fleet's store answers again")]
    public static partial void StoreBack(ILogger logger);

    [LoggerMessage(308, LogLevel.Information, "Rollout of {Subdomain} changed in the store while it was evaluated (version {Read} -> {Now}): not acted on; the next tick decides again")]
    public static partial void ChangedMeanwhile(ILogger logger, string subdomain, long read, long now);

    [LoggerMessage(309, LogLevel.Error, "Rollout of {Subdomain}: the {Gate} gate could not be evaluated; it counts as inconclusive and the other gates are judged")]
    public static partial void GateFailed(ILogger logger, Exception exception, string subdomain, string gate);

    [LoggerMessage(310, LogLevel.Warning, "Rollout of {Subdomain} is not paused yet for the change by hand, the state store is unavailable ({Reason}); the first tick that reads it pauses the rollout")]
    public static partial void PauseDeferred(ILogger logger, string subdomain, string reason);
}
