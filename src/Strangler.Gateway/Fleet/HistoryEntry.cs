using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Fleet;

/// <summary>One entry of the fleet's history log, with its position in the log.</summary>
/// <param name="Sequence">Its position in the log.</param>
/// <param name="Change">The change; null when the row does not read (edited by hand), as <paramref name="Problem"/> says.</param>
/// <param name="Problem">Why the row does not read; null when it does.</param>
internal sealed record HistoryEntry(long Sequence, RouteChange? Change, string? Problem = null);
