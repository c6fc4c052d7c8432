namespace Strangler.Gateway.Configuration;

/// <summary>The wire contract between the gateway and a new service about shadow requests.</summary>
public static class ShadowHeaders
{
    /// <summary>
    /// Sent with value <c>1</c> on every shadow request. A service that receives it must answer as it would, but
    /// commit nothing (roll back its transaction, skip its outbox): the client's real request is served by legacy.
    /// </summary>
    public const string Marker = "X-Strangler-Shadow";
}
