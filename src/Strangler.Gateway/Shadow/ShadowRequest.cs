namespace Strangler.Gateway.Shadow;

/// <summary>What is replayed: the client's method, path, query, forwardable headers and (for a named unsafe method) body.</summary>
internal sealed record ShadowRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string[]>> Headers,
    byte[]? Body);
