namespace Strangler.Gateway.Admin;

/// <summary>A signed tester-override token: send <see cref="Token"/> in <see cref="Header"/> to reach the new side.</summary>
internal sealed record OverrideGrant
{
    /// <summary>The sub-domain it opens.</summary>
    public required string Subdomain { get; init; }

    /// <summary>The request header to carry it in.</summary>
    public required string Header { get; init; }

    /// <summary>The token.</summary>
    public required string Token { get; init; }

    /// <summary>When it stops working.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
