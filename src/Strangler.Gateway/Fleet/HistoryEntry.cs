using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Fleet;

/// <summary>One entry of the fleet's history log, with its position in the log.</summary>
internal sealed record HistoryEntry(long Sequence, RouteChange Change);
