using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The <c>X-Forwarded-*</c> headers an upstream receives, from the gateway's view of the connection: the client's
/// address appended to any <c>X-Forwarded-For</c> it sent (as every proxy does, so the last entry is the gateway's
/// word), and the scheme and host the gateway was called on in place of the client's claims. Both the forwarded
/// request (<see cref="GatewayTransformer"/>) and its shadow copy carry these: the copy once passed the client's own
/// claims to the new side unchanged.
/// </summary>
internal static class ForwardedHeaders
{
    public const string For = "X-Forwarded-For";
    public const string Proto = "X-Forwarded-Proto";
    public const string Host = "X-Forwarded-Host";

    /// <summary>Whether <paramref name="header"/> is one of those set here, so a copy of the client's is not kept.</summary>
    public static bool IsSetByGateway(string header) =>
        header.Equals(For, StringComparison.OrdinalIgnoreCase) || header.Equals(Proto, StringComparison.OrdinalIgnoreCase)
        || header.Equals(Host, StringComparison.OrdinalIgnoreCase);

    /// <summary>The headers' values for <paramref name="context"/>; no <c>X-Forwarded-For</c> without a client address.</summary>
    public static IEnumerable<(string Name, string Value)> Of(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is { } remote)
        {
            var prior = context.Request.Headers[For].ToString();
            yield return (For, prior.Length == 0 ? remote.ToString() : $"{prior}, {remote}");
        }

        yield return (Proto, context.Request.Scheme);
        yield return (Host, context.Request.Host.Value ?? "");
    }
}
