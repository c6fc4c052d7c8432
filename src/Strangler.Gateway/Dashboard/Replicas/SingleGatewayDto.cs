namespace Strangler.Gateway.Dashboard.Replicas;

/// <summary>The fleet panel of a gateway without a fleet store: that fact and nothing else.</summary>
internal sealed record SingleGatewayDto(bool Fleet);
