using Strangler.Gateway.Admin;
using Strangler.Text;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// What a revision another replica committed changed, as the log line of a replica that takes it says it:
/// <c>customers canary:20 -> new (flip by ada: release 42)</c>, changes of one revision joined by <c>; </c>. Only the
/// sub-domain, the modes, the action, the actor and the reason: never the route itself, whose upstream addresses and
/// shadow headers may carry credentials.
/// </summary>
internal static class TakenChangesText
{
    public static string Describe(IEnumerable<RouteChange> changes) => string.Join("; ", changes.Select(Describe));

    // The actor and reason come from the store, where a hand edit may have put a line break the admin API refuses.
    private static string Describe(RouteChange change) =>
        $"{change.Subdomain} {change.From ?? "(added)"} -> {change.To ?? "(removed)"} " +
        $"({change.Action} by {TerminalText.Escape(change.Actor)}{(string.IsNullOrWhiteSpace(change.Reason) ? "" : ": " + TerminalText.Escape(change.Reason))})";
}
