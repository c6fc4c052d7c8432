namespace Strangler.Gateway.Configuration;

/// <summary>Where the canary reads the user key that makes its decision sticky.</summary>
public enum UserKeyKind
{
    /// <summary>A request header, e.g. <c>X-User-Id</c>.</summary>
    Header,

    /// <summary>A cookie.</summary>
    Cookie,

    /// <summary>A claim of the authenticated user (needs authentication configured in the host).</summary>
    Claim,
}
