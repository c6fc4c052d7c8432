namespace Strangler.Gateway.Dashboard.Api;

/// <summary>
/// The overview's headline: share of all proxied traffic the new services served in the window (null: no traffic),
/// total rate, and how many sub-domains are in each mode.
/// </summary>
internal sealed record HeadlineDto(double? NewShare, double RequestsPerSecond, IReadOnlyDictionary<string, int> Modes);
