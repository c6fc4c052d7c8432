using System.Globalization;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The fleet's line in <c>/readyz</c>. A replica that lost the store stays ready (its last good table is the fleet's
/// last agreed state, better than no gateway) but says how stale it is, so an operator can tell. Anyone may ask, so it
/// names a store failure by kind only (<see cref="FleetRouteState.StoreErrorKind"/>).
/// </summary>
internal static class FleetReadiness
{
    public static string Detail(FleetRouteState fleet)
    {
        if (!fleet.Enabled)
        {
            return "";
        }

        var age = fleet.AgeSeconds is { } seconds ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s ago" : "never";
        var revision = fleet.ServedRevision < 0 ? "no revision" : $"revision {fleet.ServedRevision} (from the {fleet.Source})";
        return fleet.StoreErrorKind is { } error
            ? $": route store unreachable ({error}); serving {revision}, last synced {age}"
            : $": serving {revision}, last synced {age}";
    }
}
