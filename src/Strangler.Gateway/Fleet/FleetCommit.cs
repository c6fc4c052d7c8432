using System.Data.Common;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// A flip or rollback in a fleet: one compare-and-set on the store's revision, the history entry in the same
/// transaction. The replica serves the new table at once; the others hear of it from the store. Losing the race
/// changes nothing and answers with the state that won.
/// </summary>
internal static class FleetCommit
{
    public static async Task<RouteAdminResult> ApplyAsync(FleetRouteState fleet, string action, RouteDefinition? current,
        RouteDefinition updated, IReadOnlyList<RouteDefinition> routes, string reason, string actor, TimeProvider time,
        ILogger logger, CancellationToken cancellationToken)
    {
        var expected = fleet.ServedRevision;
        var now = time.GetUtcNow();
        var change = new RouteChange
        {
            At = now, Actor = actor, Reason = reason, Action = action, Subdomain = updated.Name,
            From = current?.ModeText, To = updated.ModeText, FromRevision = current?.Revision, Revision = updated.Revision,
            Route = updated,
        };
        var next = new RouteState { Revision = updated.Revision, Routes = routes.OrderBy(r => r.Name, StringComparer.Ordinal).ToList(), UpdatedAt = now };
        CommitResult commit;
        try
        {
            commit = await fleet.Store.TryCommitAsync(expected, next, [change], cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException)
        {
            // Logged every time, with the exception: the store-lost warning below is written only when the replica
            // goes from reachable to unreachable, so a single failed commit on a busy store would leave no cause.
            FleetLog.CommitFailed(logger, updated.Name, actor, ex.Message.ReplaceLineEndings(" "), expected, ex);
            fleet.MarkFailed(ex);
            return new RouteAdminResult
            {
                Outcome = RouteAdminOutcome.Unavailable,
                Errors = [new("", "store", $"the fleet's route store cannot be reached, so nothing changed: every replica keeps serving revision {expected} until it is back")],
            };
        }

        if (!commit.Committed)
        {
            // Another replica got in first: serve what won, so a retry starts from it, and read its history entry, so
            // this replica's history shows the change that won by the time the 409 is answered.
            fleet.Serve(commit.Current, "store");
            await CatchUpAsync(fleet, cancellationToken);
            var winner = commit.Current.Routes.FirstOrDefault(r => r.Name == updated.Name);
            return RouteAdminResult.Conflict(winner, commit.Current.Revision,
                $"the fleet's route state moved from revision {expected} to {commit.Current.Revision} before this change: nothing changed; review the current state and retry");
        }

        fleet.Serve(commit.Current, "store");
        await CatchUpAsync(fleet, cancellationToken);
        GatewayLog.RouteChanged(logger, updated.Name, actor, change.From ?? "(none)", change.To!, updated.Revision, reason);
        return new RouteAdminResult { Outcome = RouteAdminOutcome.Applied, Change = change };
    }

    private static async Task CatchUpAsync(FleetRouteState fleet, CancellationToken cancellationToken)
    {
        try
        {
            await fleet.CatchUpAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException)
        {
            // The outcome stands (committed, or lost to another); the history entry arrives with the next catch-up.
            fleet.MarkFailed(ex);
        }
    }
}
