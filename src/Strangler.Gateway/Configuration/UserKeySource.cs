namespace Strangler.Gateway.Configuration;

/// <summary>The request part that identifies a user for sticky canary routing.</summary>
public sealed record UserKeySource
{
    /// <summary>Header, cookie or claim.</summary>
    public required UserKeyKind Kind { get; init; }

    /// <summary>The header, cookie or claim name.</summary>
    public required string Name { get; init; }
}
