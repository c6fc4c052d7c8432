using System.Text.Json.Serialization;

namespace Strangler.Gateway.Configuration;

/// <summary>The request part that identifies a user for sticky canary routing; as JSON, the route file's <c>userKey</c>.</summary>
[JsonConverter(typeof(UserKeySourceJsonConverter))]
public sealed record UserKeySource
{
    /// <summary>Header, cookie or claim.</summary>
    public required UserKeyKind Kind { get; init; }

    /// <summary>The header, cookie or claim name.</summary>
    public required string Name { get; init; }
}
