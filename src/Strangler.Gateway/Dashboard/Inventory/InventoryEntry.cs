namespace Strangler.Gateway.Dashboard.Inventory;

/// <summary>One learned endpoint of a sub-domain, as the dashboard lists it.</summary>
/// <param name="Subdomain">The sub-domain the gateway routed it to, or <c>(unclaimed)</c>.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Template">Path with ids folded, e.g. <c>/customers/{id}</c>.</param>
/// <param name="LegacyHits">Requests answered by the legacy side.</param>
/// <param name="NewHits">Requests answered by the new side.</param>
/// <param name="LastHit">When it was last requested.</param>
/// <param name="ServedByNew">The new side has answered it with something other than 404.</param>
/// <param name="RetireCandidate">No traffic for the configured number of days.</param>
internal sealed record InventoryEntry(
    string Subdomain,
    string Method,
    string Template,
    long LegacyHits,
    long NewHits,
    DateTimeOffset LastHit,
    bool ServedByNew,
    bool RetireCandidate);
